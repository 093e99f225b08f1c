/**
 * The query strings of getChatSummaryReport and listChats, byte for byte as
 * Thulium's pages show them (`user_logins[]=a&user_logins[]=b`, parameters in
 * the documented order), and the mock accepts those exact URLs.
 */
import { describe, expect, inject, it } from "vitest";
import { recordingClient } from "./recording-client.js";

const capturing = () => recordingClient("your-system-name", () => new Response("[]", { status: 200, headers: { "Content-Type": "application/json" } }));

const BASE = "https://your-system-name.thulium.com/api";

describe("getChatSummaryReport query string", () => {
  it("is the docs' 2022 example request, byte for byte", async () => {
    const { thulium, urls } = capturing();
    await thulium.getChatSummaryReport({ user_logins: ["jkowalski"], date_from: "2022-11-02", date_to: "2022-12-02", aggregate_by: "day" });
    expect(urls).toEqual([`${BASE}/chats/reports/summary?user_logins[]=jkowalski&date_from=2022-11-02&date_to=2022-12-02&aggregate_by=day`]);
  });

  it("repeats name[] once per item, for logins and queue ids, in the docs' parameter order", async () => {
    const { thulium, urls } = capturing();
    await thulium.getChatSummaryReport({
      response_threshold: 50,
      chat_queue_ids: [1, 3],
      aggregate_by: "month",
      sum_users: true,
      date_to: "2019-11-02 11:12:00",
      date_from: "2019-11-01 11:12:00",
      user_logins: ["jankowalski", "anowak"],
      offset: 10,
      limit: 100,
    });
    expect(urls).toEqual([
      `${BASE}/chats/reports/summary?limit=100&offset=10&user_logins[]=jankowalski&user_logins[]=anowak` +
        "&date_from=2019-11-01%2011%3A12%3A00&date_to=2019-11-02%2011%3A12%3A00&sum_users=true&aggregate_by=month" +
        "&chat_queue_ids[]=1&chat_queue_ids[]=3&response_threshold=50",
    ]);
  });

  it("percent-encodes what a login could hold that would break the query", async () => {
    const { thulium, urls } = capturing();
    await thulium.getChatSummaryReport({ user_logins: ["a&b=c", "ż ółw"], date_from: "2022-11-02", date_to: "2022-12-02" });
    expect(urls[0]).toBe(`${BASE}/chats/reports/summary?user_logins[]=a%26b%3Dc&user_logins[]=%C5%BC%20%C3%B3%C5%82w&date_from=2022-11-02&date_to=2022-12-02`);
  });

  // Prism 5.14.2 does not validate `name[]` parameters (it loads their names percent-encoded), so
  // the client's own check is what guards them.
  it("checks list items before sending: refuses a non-list and a bad item, naming the flat name", async () => {
    const { thulium, urls } = capturing();
    const base = { date_from: "2022-11-02", date_to: "2022-12-02" };
    // @ts-expect-error a list is expected
    await expect(thulium.getChatSummaryReport({ ...base, user_logins: "jkowalski" })).rejects.toMatchObject({
      field: "user_logins",
      message: 'getChatSummaryReport: parameter "user_logins" must be an array, got string "jkowalski"',
    });
    // @ts-expect-error queue ids are integers
    await expect(thulium.getChatSummaryReport({ ...base, chat_queue_ids: [1, "3"] })).rejects.toMatchObject({
      field: "chat_queue_ids",
      message: 'getChatSummaryReport: parameter "chat_queue_ids" [1]: must be a whole number, got string "3"',
    });
    await expect(thulium.getChatSummaryReport({ ...base, chat_queue_ids: [0] })).rejects.toMatchObject({ field: "chat_queue_ids" });
    await expect(thulium.getChatSummaryReport({ ...base, user_logins: [""] })).rejects.toMatchObject({ field: "user_logins" });
    expect(urls).toEqual([]);
  });

  it("sends no parameter at all for an empty list", async () => {
    const { thulium, urls } = capturing();
    await thulium.getChatSummaryReport({ user_logins: [], date_from: "2022-11-02", date_to: "2022-12-02" });
    expect(urls[0]).toBe(`${BASE}/chats/reports/summary?date_from=2022-11-02&date_to=2022-12-02`);
  });
});

describe("listChats query string", () => {
  it("is the docs' current example request, byte for byte", async () => {
    const { thulium, urls } = capturing();
    await thulium.listChats({
      limit: 1,
      offset: 0,
      date_from: "2014-07-04",
      date_to: "2014-07-05",
      status: "CLOSED",
      include_messages: true,
      include_files: true,
      include_client_data: true,
    });
    expect(urls).toEqual([
      `${BASE}/chats?limit=1&offset=0&date_from=2014-07-04&date_to=2014-07-05&status=CLOSED&include_messages=true&include_files=true&include_client_data=true`,
    ]);
  });

  it("writes a Date as Warsaw wall-clock time", async () => {
    const { thulium, urls } = capturing();
    await thulium.listChats({ date_from: new Date("2014-07-04T10:34:00Z"), chat_queue_id: 3 });
    expect(urls).toEqual([`${BASE}/chats?date_from=2014-07-04%2012%3A34%3A00&chat_queue_id=3`]);
  });
});

describe("the mock accepts those exact query strings", () => {
  const prismUrl = inject("prismUrl");
  it.each([
    "/chats/reports/summary?user_logins[]=jkowalski&date_from=2022-11-02&date_to=2022-12-02&aggregate_by=day",
    "/chats/reports/summary?limit=100&offset=10&user_logins[]=jankowalski&user_logins[]=anowak&date_from=2019-11-01%2011%3A12%3A00&date_to=2019-11-02%2011%3A12%3A00&sum_users=true&aggregate_by=month&chat_queue_ids[]=1&chat_queue_ids[]=3&response_threshold=50",
    "/chats?limit=1&offset=0&date_from=2014-07-04&date_to=2014-07-05&status=CLOSED&include_messages=true&include_files=true&include_client_data=true",
  ])("%s", async (path) => {
    const res = await fetch(`${prismUrl}${path}`, { headers: { Authorization: `Basic ${Buffer.from("api_user:api_pass").toString("base64")}` } });
    expect(res.headers.get("sl-violations")).toBeNull();
    expect(res.status).toBe(200);
  });
});
