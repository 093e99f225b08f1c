/**
 * A bulk run's summary: the counts on one line; why the run stopped, if it
 * did; how to send what is not done; then the values done but unrecorded,
 * the failures (at most 100 listed) and the values whose outcome is unknown.
 * It goes to stdout when all went well without --json, else to stderr.
 */
import { printableLine } from "../../text/printable-line.js";
import { reason } from "../failure.js";
import type { StatusStream } from "../progress.js";
import { echo } from "./echo.js";
import type { Stop } from "./stop.js";
import type { Tally } from "./tally.js";

export interface SummaryOf {
  /** What the command did to a value: `stopped`. */
  readonly done: string;
  readonly operationId: string;
  readonly json: boolean;
  /** The journal's path, if the run had one. */
  readonly journal: string | undefined;
  /** The wait given to the calls in flight, unless a second signal cut it. */
  readonly graceMs: number | undefined;
}

/** Writes the summary of a run that counted `tally` and stopped for `stop`; `emit` prints a line on stdout. */
export async function writeSummary(
  tally: Tally,
  stop: Stop | undefined,
  of: SummaryOf,
  streams: { stderr: StatusStream; emit: (line: string) => Promise<void> },
): Promise<void> {
  const text = `${summaryLines(tally, stop, of).join("\n")}\n`;
  if (of.json || tally.failed > 0 || stop) streams.stderr.write(text);
  else await streams.emit(text.slice(0, -1));
}

function summaryLines(tally: Tally, stop: Stop | undefined, of: SummaryOf): string[] {
  const { failed, notSent, uncounted } = tally;
  const counts = [
    `${of.done} ${tally.succeeded}`,
    `failed ${failed}${tally.invalid > 0 ? ` (${tally.invalid} invalid)` : ""}`,
    ...(tally.skipped > 0 ? [`skipped ${tally.skipped} done in earlier runs`] : []),
    ...(tally.repeated > 0 ? [`skipped ${tally.repeated} repeated`] : []),
    ...(stop ? [`in flight with an unknown outcome ${tally.unknown.length}`, `not sent ${notSent}${uncounted ? " and the rest of stdin" : ""}`] : []),
  ].join(", ");
  const lines = [counts];
  if (stop) lines.push(stopReason(stop, of.operationId, notSent, uncounted, of.graceMs));
  if (stop?.kind === "journal") {
    lines.push(`once ${of.journal} can be written again (free disk space, raise the file size limit), run the same command again with --journal ${of.journal}`);
  } else if (stop || (failed > 0 && of.journal)) {
    lines.push(
      of.journal
        ? `to send what is not done, run the same command again with --journal ${of.journal}`
        : "nothing records which ids were done: run with --journal FILE to be able to resume",
    );
  }
  lines.push(...tally.unrecorded.map((value) => `  ${echo(value)}: done, but not recorded in the journal, so a rerun sends it again`));
  lines.push(...tally.failures);
  if (!of.json && failed > tally.failures.length) lines.push(`  … and ${failed - tally.failures.length} more failures (--json and --journal list every one)`);
  if (!of.json) lines.push(...tally.unknown.map((value) => `  ${echo(value)}: outcome unknown, in flight when the run stopped`));
  return lines;
}

/** Why the run stopped; `graceMs` is the wait given to the calls in flight, unless a second signal cut it. */
function stopReason(stop: Stop, operationId: string, notSent: number, uncounted: boolean, graceMs: number | undefined): string {
  const rest = `${notSent}${uncounted ? " and the rest of stdin" : ""}`;
  const settled = graceMs === undefined ? "a second signal cancelled the calls in flight" : `the calls in flight had up to ${graceMs / 1000} s to settle`;
  switch (stop.kind) {
    case "signal":
      return `interrupted by ${stop.signal}: no new ids were sent; ${settled}`;
    case "output":
      return stop.stream === "stdout"
        ? `stopped: stdout was closed by its reader (${stop.code}), so the results of ids not yet sent could not be printed: no new ids were sent; ${settled}`
        : `stopped: stderr was closed by its reader (${stop.code}), so failures could not be shown: no new ids were sent; ${settled}`;
    case "journal":
      return `stopped: the journal cannot be written (${printableLine(stop.error.message)}), so what is done would not be recorded: no new ids were sent; ${settled}`;
    case "breaker":
      return `stopped: ${stop.failures} connection failures or timeouts in a row, the last: ${reason(stop.last, operationId)}; the server looks unreachable, so ${rest} ids were not attempted`;
    case "throttled":
      return `stopped: the server throttled every request for ${Math.round(stop.forMs / 1000)} s, the last: ${reason(stop.last, operationId)}; ${rest} ids were not attempted`;
  }
}
