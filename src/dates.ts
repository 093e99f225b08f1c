/**
 * Thulium's date parameters: `YYYY-MM-DD[ HH:MM[:SS]]`, wall-clock time with
 * no zone stated by its docs. A JS `Date` is an instant, so it is written as
 * the wall-clock time of one named zone: Europe/Warsaw unless the client's
 * `timeZone` option says otherwise, never the zone of the machine running
 * the code.
 */
import { ThuliumInputError } from "./errors.js";
import type { OperationId, operations } from "./generated/operations.js";

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
 * which the parameter's pattern then rejects.
 */
export function formatThuliumDate(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (Number.isNaN(date.getTime())) return "Invalid Date";
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(date)) p[type] = value;
  return `${(p.year ?? "").padStart(4, "0")}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
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

/** Names of an operation's parameters that accept a `Date` (`x-thulium-date` in the spec). */
export type DateParamName<K extends OperationId> = Extract<(typeof operations)[K]["parameters"][number], { schema: { thuliumDate: true } }>["name"];

/** `T` with a `Date` also allowed for the date parameters of operation `K`. */
export type WithDates<K extends OperationId, T> = { [P in keyof T]: P extends DateParamName<K> ? T[P] | Date : T[P] };
