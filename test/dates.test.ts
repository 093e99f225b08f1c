import { describe, expect, it } from "vitest";
import { createThuliumClient, DEFAULT_TIME_ZONE, formatThuliumDate, ThuliumInputError } from "../src/index.js";

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

  it("uses 00, never 24, for the hour after midnight", () => {
    expect(formatThuliumDate(new Date("2026-01-14T23:00:00Z"))).toBe("2026-01-15 00:00:00");
  });

  it("is the same whatever the machine's own zone", async () => {
    const { execFileSync } = await import("node:child_process");
    const script = `import { formatThuliumDate } from "./src/dates.ts"; console.log(formatThuliumDate(new Date("2026-03-29T01:00:00Z")));`;
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
