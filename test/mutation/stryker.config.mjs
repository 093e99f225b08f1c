// @ts-check
/**
 * `npm run test:mutation`: StrykerJS mutates the six core modules and runs their own test files
 * (test/mutation/vitest.config.ts) against each mutant; 90 % or more of each module's mutants must be
 * detected. When to run it: CONTRIBUTING.md. Stryker sends nothing anywhere (no telemetry, no update
 * check); only its dashboard reporter, not used here, would upload a report.
 *
 * Equivalent mutants: changes no test can see, because the code behaves the same. Where a
 * `// Stryker disable next-line` comment would name the mutant alone, it sits next to the code. The ones
 * below survive every run instead: a comment would also disable the killable mutants of the same kind on
 * the same line (Stryker ignores by line and mutator), so they are named here, by what they change.
 *
 * src/http/read-body.ts
 *   readText: `if (err instanceof UndecodableText)` → true. What else reaches the catch is the stream's own
 *     failure, and cancelling an errored stream does nothing.
 *   declaredCharset: `?.[1]?.toLowerCase()` → `?.[1].toLowerCase()`. Where the pattern matches, its group
 *     always holds at least one character.
 *   declaredCharset: `contentType ?? ""` → `?? "Stryker was here!"`. Neither names a charset.
 * src/http/retry.ts
 *   retryDelayMs: `asked !== undefined` → true. `undefined <= 60_000` is false: the back-off all the same.
 *   retryAfterMs: `if (!text)` → false. An empty text fails the seconds pattern and Date.parse alike.
 * src/webhooks/credentials.ts
 *   basicAuthCheck: `presented !== undefined` → true. A missing header is hashed as no bytes, whose
 *     digest never equals that of `user:password` (at least the colon).
 *   basicCredentials: `if (!match)` → false. `match[1]` then throws inside the try around atob, whose
 *     catch returns undefined too.
 *   basicCredentials: `i < binary.length` → `<=`. A typed array drops a write past its end.
 * src/check/json-depth.ts
 *   jsonTextTooDeep: both `i < length` → `<=`. The character past the end reads as NaN, which is no
 *     bracket, quote or backslash.
 *   jsonValueTooDeep: `child !== null && typeof child === "object"`, and each side of it, → true. A null
 *     or scalar child pushed on the list is skipped when taken off it.
 * src/check/dates.ts
 *   formatThuliumDate: `p.year ?? ""`, "" → "Stryker was here!". formatToParts always gives a year.
 *   parseThuliumDate: `match === null` → false. `wall` is undefined whenever `match` is null.
 *   parseThuliumDate: `timeZone !== DEFAULT_TIME_ZONE` → true. Europe/Warsaw passes checkTimeZone.
 *   parseThuliumDate: `before === after` → false. Off the days clocks change, the two offsets agree and
 *     the general path gives the same instant.
 *   wallClockMs: `day < 1` → false, `hour > 23` → false. Day 0 and hours 24 to 99 roll over into
 *     another day, which the `getUTCDate() === day` check refuses.
 *   checkTimeZone: `timeZone !== ""` → true, and "" → "Stryker was here!". Intl refuses the zone "",
 *     which gives the same ThuliumInputError.
 * src/check/checker.ts
 *   check: `pattern !== undefined` → true. `new RegExp(undefined)` matches every string.
 *   codePoints: `i < s.length - 1` → `<=`. The character past the end reads as NaN, which is no surrogate.
 *   words: `/^[ao]/` → `/[ao]/`. Of the JSON Schema types that reach it, only "object" and "array" hold
 *     an a or an o.
 *   regex: `if (!re)` → true. Compiling the pattern again gives the same expression.
 *
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts", related: false },
  coverageAnalysis: "perTest",
  mutate: [
    "src/http/retry.ts",
    "src/http/read-body.ts",
    "src/check/json-depth.ts",
    "src/check/dates.ts",
    "src/check/checker.ts",
    "src/webhooks/credentials.ts",
  ],
  reporters: ["clear-text", "progress", "html"],
  // The score per file and each surviving mutant; not the list of every test.
  clearTextReporter: { allowColor: false, reportTests: false },
  htmlReporter: { fileName: "reports/mutation/index.html" },
  thresholds: { high: 90, low: 90, break: 90 },
  // A mutant looping for ever is stopped by Stryker's hit count, not by this. The slack keeps a busy
  // machine from passing a mutant off as a timeout (counted as detected) when a slow test overran.
  timeoutMS: 30_000,
  tempDirName: ".stryker-tmp",
};
