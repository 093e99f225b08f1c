import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkTimeZone, isThuliumDate, thuliumDates } from "../../src/check/dates.js";
import { createThuliumClient, DEFAULT_TIME_ZONE, formatThuliumDate, parseThuliumDate, ThuliumInputError } from "../../src/index.js";

describe("formatThuliumDate", () => {
  it("writes Europe/Warsaw wall-clock time by default, in summer (UTC+2) and winter (UTC+1)", () => {
    expect(DEFAULT_TIME_ZONE).toBe("Europe/Warsaw");
    expect(formatThuliumDate(new Date("2019-07-01T09:12:05.999Z"))).toBe("2019-07-01 11:12:05");
    expect(formatThuliumDate(new Date("2019-11-01T10:12:00Z"))).toBe("2019-11-01 11:12:00");
  });

  it("crosses midnight and the year in the zone, not in UTC", () => {
    expect(formatThuliumDate(new Date("2025-12-31T23:30:00Z"))).toBe("2026-01-01 00:30:00");
    expect(formatThuliumDate(new Date("2025-12-31T23:30:00Z"), "UTC")).toBe("2025-12-31 23:30:00");
  });

  it("skips the missing hour when clocks go forward (2026-03-29, 02:00 → 03:00)", () => {
    expect(formatThuliumDate(new Date("2026-03-29T00:59:59Z"))).toBe("2026-03-29 01:59:59");
    expect(formatThuliumDate(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29 03:00:00");
  });

  it("writes the repeated hour twice when clocks go back (2026-10-25, 03:00 → 02:00)", () => {
    expect(formatThuliumDate(new Date("2026-10-25T00:30:00Z"))).toBe("2026-10-25 02:30:00");
    expect(formatThuliumDate(new Date("2026-10-25T01:30:00Z"))).toBe("2026-10-25 02:30:00");
    expect(formatThuliumDate(new Date("2026-10-25T02:00:00Z"))).toBe("2026-10-25 03:00:00");
  });

  it('gives "Invalid Date" outside years 1 to 9999 in the zone, where Intl would write 2 BC as year 2', () => {
    expect(formatThuliumDate(new Date(Date.UTC(-1, 5, 1)))).toBe("Invalid Date");
    expect(formatThuliumDate(new Date("0001-01-01T12:00:00Z"), "UTC")).toBe("0001-01-01 12:00:00");
    // The same instant is still 1 BC in New York, and year 10000 has begun in Warsaw.
    expect(formatThuliumDate(new Date("0001-01-01T00:30:00Z"), "America/New_York")).toBe("Invalid Date");
    expect(formatThuliumDate(new Date("9999-12-31T23:30:00Z"), "UTC")).toBe("9999-12-31 23:30:00");
    expect(formatThuliumDate(new Date("9999-12-31T23:30:00Z"))).toBe("Invalid Date");
  });

  it("uses 00, never 24, for the hour after midnight", () => {
    expect(formatThuliumDate(new Date("2026-01-14T23:00:00Z"))).toBe("2026-01-15 00:00:00");
  });

  it('writes an invalid Date as the documented "Invalid Date", in any zone', () => {
    expect(formatThuliumDate(new Date(Number.NaN))).toBe("Invalid Date");
    expect(formatThuliumDate(new Date("nonsense"), "UTC")).toBe("Invalid Date");
  });

  it("writes years before 1000 with four digits", () => {
    expect(formatThuliumDate(new Date("0999-03-04T05:06:07Z"), "UTC")).toBe("0999-03-04 05:06:07");
    expect(formatThuliumDate(new Date("0001-01-01T00:00:00Z"), "UTC")).toBe("0001-01-01 00:00:00");
  });

  it("creates one formatter per zone, on first use, and reuses it", () => {
    const Original = Intl.DateTimeFormat;
    const created: Intl.DateTimeFormatOptions[] = [];
    const intl = Intl as { DateTimeFormat: typeof Intl.DateTimeFormat };
    intl.DateTimeFormat = new Proxy(Original, {
      construct(target, args: ConstructorParameters<typeof Original>) {
        created.push(args[1] ?? {});
        return Reflect.construct(target, args);
      },
    });
    try {
      // A zone no other test of this file uses.
      expect(formatThuliumDate(new Date("2026-01-01T00:00:00Z"), "Asia/Kathmandu")).toBe("2026-01-01 05:45:00");
      expect(formatThuliumDate(new Date("2026-07-01T00:00:00Z"), "Asia/Kathmandu")).toBe("2026-07-01 05:45:00");
      expect(parseThuliumDate("2026-07-01 05:45:00", "Asia/Kathmandu").toISOString()).toBe("2026-07-01T00:00:00.000Z");
    } finally {
      intl.DateTimeFormat = Original;
    }
    expect(created.filter((options) => options.timeZone === "Asia/Kathmandu" && options.second !== undefined)).toHaveLength(1);
  });

  it("is the same whatever the machine's own zone", async () => {
    const { execFileSync } = await import("node:child_process");
    const script = `import { formatThuliumDate } from "./src/check/dates.ts"; console.log(formatThuliumDate(new Date("2026-03-29T01:00:00Z")));`;
    for (const TZ of ["America/New_York", "Asia/Tokyo", "UTC"]) {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, TZ }, encoding: "utf8" });
      expect(out.trim(), TZ).toBe("2026-03-29 03:00:00");
    }
  });
});

describe("Date parameters in the client", () => {
  function capturing(timeZone?: string) {
    const urls: string[] = [];
    const thulium = createThuliumClient({
      system: "acme",
      username: "u",
      password: "p",
      timeZone,
      fetch: async (input, init) => {
        urls.push(decodeURIComponent(new URL(new Request(input, init).url).search));
        return new Response("[]", { status: 200, headers: { "Content-Type": "application/json" } });
      },
    });
    return { thulium, urls };
  }

  it("formats Dates in the client's timeZone option", async () => {
    const { thulium, urls } = capturing("UTC");
    await thulium.getChatSummaryReport({ date_from: new Date("2026-03-29T00:30:00Z"), date_to: new Date("2026-03-29T01:30:00Z") });
    expect(urls).toEqual(["?date_from=2026-03-29 00:30:00&date_to=2026-03-29 01:30:00"]);
  });

  it("formats Dates across the spring DST change in Warsaw by default", async () => {
    const { thulium, urls } = capturing();
    await thulium.getChatSummaryReport({ date_from: new Date("2026-03-29T00:30:00Z"), date_to: new Date("2026-03-29T01:30:00Z") });
    expect(urls).toEqual(["?date_from=2026-03-29 01:30:00&date_to=2026-03-29 03:30:00"]);
  });

  it("still takes Thulium's strings as they are", async () => {
    const { thulium, urls } = capturing();
    await thulium.listChats({ date_from: "2014-07-04", date_to: "2014-07-14 12:34" });
    expect(urls).toEqual(["?date_from=2014-07-04&date_to=2014-07-14 12:34"]);
  });

  it("refuses an invalid Date, a malformed string and a Date where no date is expected", async () => {
    const { thulium, urls } = capturing();
    const forms = "must be a date as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, or a Date";
    await expect(thulium.listChats({ date_from: new Date("nonsense") })).rejects.toMatchObject({
      name: "ThuliumInputError",
      field: "date_from",
      message: `listChats: parameter "date_from" ${forms}, got an invalid Date`,
    });
    await expect(thulium.listChats({ date_from: "2014-7-4" })).rejects.toThrow(`listChats: parameter "date_from" ${forms}, got string "2014-7-4"`);
    await expect(thulium.listChats({ date_to: "2014-07-04T12:00:00Z" })).rejects.toThrow(`parameter "date_to" ${forms}, got string "2014-07-04T12:00:00Z"`);
    // @ts-expect-error a number is no date
    await expect(thulium.listChats({ date_to: 20140704 })).rejects.toThrow(`parameter "date_to" ${forms}, got number 20140704`);
    // No regular expression in any of them.
    await expect(thulium.listChats({ date_from: "2014-07-04 25:00" })).rejects.toThrow(/^[^\\^$]*$/);
    // @ts-expect-error customer_id is not a date parameter
    await expect(thulium.startChatConversation({ chat_queue_id: 3, customer_id: new Date() })).rejects.toThrow(
      'parameter "customer_id" must be a whole number, got a Date',
    );
    expect(urls).toEqual([]);
  });

  it("refuses an unknown timeZone when the client is created", () => {
    expect(() => createThuliumClient({ system: "acme", username: "u", password: "p", timeZone: "Mars/Olympus" })).toThrow(/timeZone must be an IANA time zone/);
    expect(() => createThuliumClient({ system: "acme", username: "u", password: "p", timeZone: "" })).toThrow(ThuliumInputError);
  });
});

describe("parseThuliumDate", () => {
  const iso = (text: string, timeZone?: string) => parseThuliumDate(text, timeZone).toISOString();

  it("reads every form Thulium writes, as Europe/Warsaw time by default", () => {
    expect(iso("2017-12-11 10:23:04.318")).toBe("2017-12-11T09:23:04.318Z"); // the chat list, winter (UTC+1)
    expect(iso("2016-04-20 09:46:24")).toBe("2016-04-20T07:46:24.000Z"); // webhooks, summer (UTC+2)
    expect(iso("2014-07-14 12:34")).toBe("2014-07-14T10:34:00.000Z");
    expect(iso("2014-07-04")).toBe("2014-07-03T22:00:00.000Z"); // midnight in Warsaw
    expect(iso("2017-12-11 10:23:04.3")).toBe("2017-12-11T09:23:04.300Z");
    expect(iso("2017-12-11 10:23:04.318999")).toBe("2017-12-11T09:23:04.318Z"); // past milliseconds: dropped
  });

  it("gives what the dates guide's examples say", async () => {
    const guide = await readFile(new URL("../../docs/guides/dates.md", import.meta.url), "utf8");
    const examples = [...guide.matchAll(/^ *parseThuliumDate\("([^"]+)"\)\.toISOString\(\); \/\/ "([^"]+)"/gm)];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const [, text, expected] of examples) expect(iso(text!)).toBe(expected);
  });

  it("reads the examples the spec gives for its timestamp schemas", async () => {
    for (const name of ["ThuliumTimestamp", "ThuliumDateTime"]) {
      const schema = parse(await readFile(new URL(`../../openapi/components/schemas/${name}.yaml`, import.meta.url), "utf8")) as { examples: string[] };
      for (const example of schema.examples) expect(formatThuliumDate(parseThuliumDate(example)), name).toBe(example.slice(0, 19));
    }
  });

  it("reads in another zone when asked, whatever the machine's own zone", () => {
    expect(iso("2017-12-11 10:23:04.318", "UTC")).toBe("2017-12-11T10:23:04.318Z");
    expect(iso("2026-07-01 12:00:00", "America/New_York")).toBe("2026-07-01T16:00:00.000Z");
  });

  it("crosses the spring change (2026-03-29, 02:00 → 03:00): a time in the skipped hour is read with the winter offset", () => {
    expect(iso("2026-03-29 01:59:59")).toBe("2026-03-29T00:59:59.000Z");
    expect(iso("2026-03-29 03:00:00")).toBe("2026-03-29T01:00:00.000Z");
    expect(iso("2026-03-29 02:30:00")).toBe("2026-03-29T01:30:00.000Z"); // which is 03:30 summer time
    expect(formatThuliumDate(parseThuliumDate("2026-03-29 02:30:00"))).toBe("2026-03-29 03:30:00");
  });

  it("crosses the autumn change (2026-10-25, 03:00 → 02:00): the repeated hour is read as its first, summer-time, instant", () => {
    expect(iso("2026-10-25 01:59:59")).toBe("2026-10-24T23:59:59.000Z");
    expect(iso("2026-10-25 02:00:00")).toBe("2026-10-25T00:00:00.000Z");
    expect(iso("2026-10-25 02:30:00")).toBe("2026-10-25T00:30:00.000Z"); // not 01:30Z, the same wall-clock time an hour later
    expect(iso("2026-10-25 02:59:59")).toBe("2026-10-25T00:59:59.000Z");
    expect(iso("2026-10-25 03:00:00")).toBe("2026-10-25T02:00:00.000Z");
  });

  it("keeps the milliseconds on the days the clocks change", () => {
    expect(iso("2026-10-25 02:30:00.500")).toBe("2026-10-25T00:30:00.500Z");
    expect(iso("2026-10-25 03:00:00.001")).toBe("2026-10-25T02:00:00.001Z");
    expect(iso("2026-03-29 02:30:00.250")).toBe("2026-03-29T01:30:00.250Z");
    expect(iso("2026-03-29 03:00:00.999")).toBe("2026-03-29T01:00:00.999Z");
  });

  it("is the inverse of formatThuliumDate, every 15 minutes around both changes of 2026, in three zones", () => {
    // Warsaw changes on 29 March and 25 October, New York on 8 March and 1 November: a day before to a day after each.
    const windows = [Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 28), Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 31)].map((day) => [day, day + 3 * 86_400_000]);
    for (const timeZone of ["Europe/Warsaw", "America/New_York", "UTC"]) {
      const differing: string[] = [];
      const notInverse: string[] = [];
      for (const [from, to] of windows) {
        for (let t = from!; t < to!; t += 15 * 60_000) {
          const text = formatThuliumDate(new Date(t), timeZone);
          const back = parseThuliumDate(text, timeZone).getTime();
          if (back !== t) differing.push(`${text} ${back - t}`);
          if (formatThuliumDate(new Date(back), timeZone) !== text) notInverse.push(text);
        }
      }
      expect(notInverse, timeZone).toEqual([]);
      // Only the second pass of the repeated hour differs: it comes back as the first, an hour earlier.
      const repeated = timeZone === "Europe/Warsaw" ? "2026-10-25 02" : "2026-11-01 01";
      const expected = timeZone === "UTC" ? [] : ["00", "15", "30", "45"].map((minute) => `${repeated}:${minute}:00 -3600000`);
      expect(differing, timeZone).toEqual(expected);
    }
  });

  it.each([
    "",
    "2017-12-11T10:23:04.318Z",
    "2017-12-11 10:23:04.",
    "2017-12-11 10:23:04.1234567",
    "2017-12-11 10",
    "2017-12-11  10:23",
    "17-12-11",
    "2026-02-29",
    "2026-02-30 10:00",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-01 24:00",
    "2026-01-01 23:60",
    "2026-01-01 23:59:60",
    "2026-01-01 10:60",
    "2026-01-01 10:59:60",
    "2026-01-01 10:99:99",
    "2026-01-01 99:00",
    "0000-01-01",
    " 2026-01-01",
  ])("refuses %j with a ThuliumInputError saying what it expects", (text) => {
    expect(() => parseThuliumDate(text)).toThrow(ThuliumInputError);
    expect(() => parseThuliumDate(text)).toThrow(/expected a Thulium timestamp such as "2017-12-11 10:23:04.318"/);
  });

  it("reads the first and last of each field's range", () => {
    expect(iso("2026-01-01 00:00:00", "UTC")).toBe("2026-01-01T00:00:00.000Z");
    expect(iso("2026-12-31 23:59:59", "UTC")).toBe("2026-12-31T23:59:59.000Z");
    expect(iso("2026-01-31 10:59:59")).toBe("2026-01-31T09:59:59.000Z");
    expect(iso("2028-02-29", "UTC")).toBe("2028-02-29T00:00:00.000Z");
    expect(iso("0001-01-01", "UTC")).toBe("0001-01-01T00:00:00.000Z");
    expect(iso("0099-06-15", "UTC")).toBe("0099-06-15T00:00:00.000Z");
  });

  it("shows at most 40 characters of what it refuses", () => {
    const text = `2017-12-11 10:23:04.318 ${"x".repeat(100)}`;
    expect(() => parseThuliumDate(text)).toThrow(`YYYY-MM-DD[ HH:MM[:SS[.mmm]]]), got ${JSON.stringify(text.slice(0, 40))}`);
  });

  it("refuses what is not a string, and an unknown zone", () => {
    expect(() => parseThuliumDate(new String("2026-01-01") as unknown as string)).toThrow(/got object$/);
    expect(() => parseThuliumDate(undefined as unknown as string)).toThrow(/got undefined/);
    expect(() => parseThuliumDate(1512984184318 as unknown as string)).toThrow(ThuliumInputError);
    expect(() => parseThuliumDate("2026-01-01", "Mars/Olympus")).toThrow(ThuliumInputError);
    expect(() => parseThuliumDate("2026-01-01", "Mars/Olympus")).toThrow(/timeZone must be an IANA time zone/);
  });
});

describe("checkTimeZone", () => {
  it("gives back an IANA zone", () => {
    expect(checkTimeZone("UTC")).toBe("UTC");
    expect(checkTimeZone("Europe/Warsaw")).toBe("Europe/Warsaw");
  });

  it.each([undefined, null, "", "Mars/Olympus", 5])("refuses %j as the timeZone option, naming it", (timeZone) => {
    expect(() => checkTimeZone(timeZone)).toThrow(ThuliumInputError);
    expect(() => checkTimeZone(timeZone)).toThrow(`timeZone must be an IANA time zone such as "Europe/Warsaw" or "UTC", got ${JSON.stringify(timeZone)}`);
    expect(() => checkTimeZone(timeZone)).toThrow(expect.objectContaining({ field: "timeZone" }));
  });
});

describe("what a date parameter's value gets wrong (thuliumDates.problem, isThuliumDate)", () => {
  it("a valid Date that could not be written: outside years 1 to 9999", () => {
    const bc = new Date(Date.UTC(-1, 5, 1));
    expect(thuliumDates.problem(bc, "Invalid Date")).toBe(
      `must be a Date in years 1 to 9999, which Thulium's YYYY-MM-DD can write, such as "2026-02-28", got ${bc.toISOString()}`,
    );
    // An invalid Date is the schema's to refuse, as it is any other bad value.
    expect(thuliumDates.problem(new Date(Number.NaN), "Invalid Date")).toBeUndefined();
    expect(thuliumDates.problem(new Date("2026-01-01T00:00:00Z"), "2026-01-01 01:00:00")).toBeUndefined();
  });

  it("a string in Thulium's form naming a day or time that does not exist", () => {
    for (const text of ["2026-02-29", "2026-02-30 10:00", "2026-04-31 00:00:00", "2026-01-00", "2026-01-01 24:00", "0000-01-01"]) {
      expect(thuliumDates.problem(text, text), text).toBe(
        `must be a day that exists, as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, such as "2026-02-28", got "${text}"`,
      );
      expect(isThuliumDate(text), text).toBe(false);
    }
  });

  it("nothing for a day that exists, and nothing for what is not in Thulium's form (the schema's to refuse)", () => {
    for (const text of ["2024-02-29", "2026-02-28 23:59:59", "2026-12-31 00:00"]) {
      expect(thuliumDates.problem(text, text), text).toBeUndefined();
      expect(isThuliumDate(text), text).toBe(true);
    }
    for (const value of ["yesterday", "2026-1-1", 20260101, undefined]) expect(thuliumDates.problem(value, value)).toBeUndefined();
    expect(isThuliumDate("yesterday")).toBe(false);
  });

  it("formats with the table's formatter", () => {
    expect(thuliumDates.format(new Date("2026-03-29T01:00:00Z"), "Europe/Warsaw")).toBe("2026-03-29 03:00:00");
  });
});
