/** What the CLI uses of a bulk run: the run, `--verbose`'s attempt numbers, and the target a journal pins. */
export { attemptNumber } from "./attempt-number.js";
export type { BulkLimits, BulkRun } from "./bulk-run.js";
export { type JournalTarget, journalTarget } from "./journal-header.js";
export { runBulk } from "./run.js";
