/**
 * Thulium's date parameters: `YYYY-MM-DD[ HH:MM[:SS]]`, wall-clock time with
 * no zone stated by its docs. A JS `Date` is an instant, so it is written as
 * the wall-clock time of one named zone: Europe/Warsaw unless the client's
 * `timeZone` option says otherwise, never the zone of the machine running
 * the code.
 */
import { ThuliumInputError } from "../errors/thulium-errors.js";
import type { ThuliumDates } from "../operations/table.js";
import { quote } from "./checker.js";

/** Thulium's timestamps look like Polish server time; its docs name no zone. */
export const DEFAULT_TIME_ZONE = "Europe/Warsaw";

// Creating an Intl.DateTimeFormat costs far more than using one: one per zone, on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * `date` as `YYYY-MM-DD HH:MM:SS` in `timeZone`; milliseconds are dropped.
 * In the hour repeated when clocks go back, two instants give the same text:
 * Thulium's format cannot tell them apart. An invalid Date gives "Invalid Date",
 * and so does a Date outside years 1 to 9999 in `timeZone`, which `YYYY` cannot
 * write (Intl writes 2 BC as year 2).
 */
export function formatThuliumDate(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (Number.isNaN(date.getTime())) return "Invalid Date";
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(date)) p[type] = value;
  // The zone's year, counted as the Date's UTC year is (1 BC is 0): UTC's, or the one before or after near New Year.
  const month = Number(p.month);
  const utcMonth = date.getUTCMonth() + 1;
  const year = date.getUTCFullYear() + (month === 1 && utcMonth === 12 ? 1 : month === 12 && utcMonth === 1 ? -1 : 0);
  if (year < 1 || year > 9999) return "Invalid Date";
  return `${String(year).padStart(4, "0")}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

// Every form Thulium writes: parameters `YYYY-MM-DD[ HH:MM[:SS]]`, answers and webhooks `YYYY-MM-DD HH:MM:SS[.ffffff]`.
const TIMESTAMP_FORMS = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const DAY_MS = 86_400_000;

/**
 * The instant a Thulium timestamp names, read as wall-clock time in `timeZone`
 * (Europe/Warsaw by default): `2017-12-11 10:23:04.318`, `2016-04-20 09:46:24`,
 * `2014-07-14 12:34` or `2014-07-04` (midnight). Digits past milliseconds are dropped.
 * The inverse of formatThuliumDate, to the second. Around a DST change:
 *  - in the hour repeated when clocks go back, the earlier instant (summer time) is returned;
 *  - a time in the hour skipped when clocks go forward is read with the offset before the change
 *    (02:30 is 03:30 summer time), as Temporal's "compatible" does.
 * A string in no such form, or a date that does not exist (`2026-02-30`), is a ThuliumInputError.
 */
export function parseThuliumDate(text: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const match = typeof text === "string" ? TIMESTAMP_FORMS.exec(text) : null;
  const wall = match ? matchedWallClockMs(match) : undefined;
  if (match === null || wall === undefined) {
    const got = typeof text === "string" ? JSON.stringify(text.slice(0, 40)) : typeof text;
    throw new ThuliumInputError(`parseThuliumDate: expected a Thulium timestamp such as "2017-12-11 10:23:04.318" (YYYY-MM-DD[ HH:MM[:SS[.mmm]]]), got ${got}`);
  }
  if (timeZone !== DEFAULT_TIME_ZONE) checkTimeZone(timeZone);
  const ms = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  // Zones change offset at most once in two days: the same offset a day before and after holds between.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  if (before === after) return new Date(wall - before + ms);
  // A change day. The instants showing this wall-clock time: one; two in the repeated hour; none in the skipped one.
  const instants = [before, after].map((offset) => wall - offset).filter((instant) => offsetMs(instant, timeZone) === wall - instant);
  return new Date((instants.length > 0 ? Math.min(...instants) : wall - before) + ms);
}

/**
 * What a date parameter's value gets wrong, if anything this module can tell: a valid `Date` that
 * formatThuliumDate could not write (outside years 1 to 9999 in the client's zone), or a string in
 * Thulium's form naming a day or time that does not exist (`2026-02-30`), which parseThuliumDate refuses.
 * Anything else is left to the parameter's schema. Reached through the operation table (`dates`), so that
 * only operations with a date parameter bundle it.
 */
function dateProblem(given: unknown, value: unknown): string | undefined {
  if (given instanceof Date && value === "Invalid Date" && !Number.isNaN(given.getTime())) {
    return `must be a Date in years 1 to 9999, which Thulium's YYYY-MM-DD can write, such as "2026-02-28", got ${given.toISOString()}`;
  }
  if (typeof value !== "string" || isThuliumDate(value) || !TIMESTAMP_FORMS.test(value)) return undefined;
  return `must be a day that exists, as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, such as "2026-02-28", got ${quote(value)}`;
}

/** What the operation table gives an operation with a date parameter (`x-thulium-date`). */
export const thuliumDates: ThuliumDates = { format: formatThuliumDate, problem: dateProblem };

/**
 * Whether `text` is a Thulium timestamp that names a moment: in one of its forms, with a day and time
 * that exist (not `2026-02-30`, not year 0000). What parseThuliumDate reads, without reading it.
 */
export function isThuliumDate(text: string): boolean {
  const match = TIMESTAMP_FORMS.exec(text);
  return match !== null && matchedWallClockMs(match) !== undefined;
}

type Fields = [year: number, month: number, day: number, hour: number, minute: number, second: number];

function matchedWallClockMs(match: RegExpExecArray): number | undefined {
  return wallClockMs(...(match.slice(1, 7).map((part) => Number(part ?? 0)) as Fields));
}

/** The wall-clock fields as milliseconds since the epoch as if they were UTC; undefined for a date or time that does not exist. */
function wallClockMs(...[year, month, day, hour, minute, second]: Fields): number | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it reads years 0 to 99 as 1900 to 1999
  date.setUTCHours(hour, minute, second, 0);
  return date.getUTCDate() === day ? date.getTime() : undefined; // 2026-02-30 rolls over into March
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant` (a whole second). */
function offsetMs(instant: number, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(new Date(instant))) p[type] = value;
  return (wallClockMs(Number(p.year), Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) ?? Number.NaN) - instant;
}

/** Checks the client's `timeZone` option once: an IANA name such as "Europe/Warsaw" or "UTC". */
export function checkTimeZone(timeZone: unknown): string {
  if (typeof timeZone === "string" && timeZone !== "") {
    try {
      // A bare formatter, not formatter(): the full one is bundled only with operations that take a date.
      new Intl.DateTimeFormat("en-US", { timeZone });
      return timeZone;
    } catch {
      // RangeError: unknown zone; reported below
    }
  }
  throw new ThuliumInputError(`timeZone must be an IANA time zone such as "Europe/Warsaw" or "UTC", got ${JSON.stringify(timeZone)}`, "timeZone");
}
