/**
 * The one checker, against hand-made schemas and the generated ones: the
 * first problem, where it is, and what was there instead, on one line.
 */
import { describe, expect, it } from "vitest";
import { checkSchema, describeValue, quote } from "../../src/check/checker.js";
import { getChatSummaryReport, listChats, type SchemaSpec, startChatConversation, stopChatConversation } from "../../src/generated/operations.js";

const UUID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const started = startChatConversation.responses["200"];

function chat(i: number) {
  return {
    chat_queue_id: 3,
    client_email: "andrzej.nowak@company.bar",
    client_name: "Andrzej Nowak",
    customer_id: 2,
    conversation_id: `6ed7c941-2c8a-411e-95d2-${String(i).padStart(12, "0")}`,
    created_at: "2017-12-11 10:23:04.318",
    closed_at: "2017-12-11 11:21:05.221",
    status: "CLOSED",
    user_login: "jkowalski",
  };
}

describe("checkSchema on the generated answer schemas", () => {
  it("accepts what the spec describes, and fields it does not declare (Thulium adding a field is not drift)", () => {
    expect(checkSchema({ conversation_id: UUID }, started)).toBeUndefined();
    expect(checkSchema({ conversation_id: UUID, queue_position: 4, extra: { any: ["thing"] } }, started)).toBeUndefined();
    const page = { count: 250, result: Array.from({ length: 100 }, (_, i) => chat(i)) };
    expect(checkSchema(page, listChats.responses["200"])).toBeUndefined();
  });

  it.each([
    [{ conversation_id: 5 }, "conversation_id: must be a string, got number 5"],
    [{ conversation_id: "5" }, 'conversation_id: must be a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a, got string "5"'],
    [{}, "conversation_id: is required but missing"],
    [null, "must be an object, got null"],
    [[], "must be an object, got an array"],
    ["6ed7c941-2c8a-411e-95d2-338a9f64800a", 'must be an object, got string "6ed7c941-2c8a-411e-95d2-338a9f64800a"'],
  ])("startChatConversation answered %j: %s", (body, message) => {
    expect(checkSchema(body, started)).toBe(message);
  });

  it("names the JSON path of the first problem deep in a page of chats", () => {
    const page = { count: 250, result: Array.from({ length: 100 }, (_, i) => chat(i)) };
    (page.result[3] as Record<string, unknown>).created_at = "2017-12-11T10:23:04Z";
    (page.result[7] as Record<string, unknown>).status = "GONE";
    expect(checkSchema(page, listChats.responses["200"])).toBe(
      'result[3].created_at: must look like "2017-12-11 10:23:04.318", got string "2017-12-11T10:23:04Z"',
    );
    expect(checkSchema({ count: -1, result: [] }, listChats.responses["200"])).toBe("count: must be at least 0, got -1");
    expect(checkSchema({ count: 1 }, listChats.responses["200"])).toBe("result: is required but missing");
    const { status: _, ...noStatus } = chat(0);
    expect(checkSchema({ count: 1, result: [noStatus] }, listChats.responses["200"])).toBe("result[0].status: is required but missing");
    expect(checkSchema({ count: 1, result: [{ ...chat(0), status: "GONE" }] }, listChats.responses["200"])).toBe(
      'result[0].status: must be one of "CREATED", "IN_PROGRESS", "CLOSED", got string "GONE"',
    );
  });

  it("starts a path at the top of a bare array, and nests it through objects", () => {
    const report = getChatSummaryReport.responses["200"];
    expect(checkSchema([{ incoming: "5000" }], report)).toBe('[0].incoming: must be a whole number, got string "5000"');
    expect(checkSchema([{}, { chat_time: { avg: "48 s" } }], report)).toBe('[1].chat_time.avg: must look like "00:00:48", got string "48 s"');
    expect(checkSchema([{ rating: { rate: { sad: 1.5 } } }], report)).toBe("[0].rating.rate.sad: must be a whole number, got number 1.5");
  });

  it("puts the caller's path in front", () => {
    expect(checkSchema(5, { type: "string" }, "conversation_id")).toBe("conversation_id: must be a string, got number 5");
    expect(checkSchema({ a: 5 }, { properties: { a: { type: "string" } } }, "body")).toBe("body.a: must be a string, got number 5");
    expect(checkSchema([5], { items: { type: "string" } }, "list")).toBe("list[0]: must be a string, got number 5");
  });
});

describe("checkSchema keywords", () => {
  it("type: names what it got, in words, and takes a list of types with null", () => {
    expect(checkSchema("5000", { type: "integer" })).toBe('must be a whole number, got string "5000"');
    expect(checkSchema(2 ** 53, { type: "integer" })).toBe("must be a whole number, got number 9007199254740992");
    expect(checkSchema(Number.NaN, { type: "number" })).toBe("must be a number, got number NaN");
    expect(checkSchema(1, { type: "boolean" })).toBe("must be true or false, got number 1");
    expect(checkSchema({}, { type: "array" })).toBe("must be an array, got an object");
    expect(checkSchema(5, { type: ["string", "null"] })).toBe("must be a string or null, got number 5");
    expect(checkSchema(null, { type: ["string", "null"] })).toBeUndefined();
    expect(checkSchema(undefined, { type: "string" })).toBe("must be a string, got undefined");
    expect(checkSchema(() => 1, { type: "string" })).toBe("must be a string, got function");
    expect(checkSchema(new Date(0), { type: "string" })).toBe("must be a string, got a Date");
    expect(checkSchema(1.0, { type: "integer" })).toBeUndefined();
  });

  it("formats: uuid, a pragmatic email, an absolute uri", () => {
    expect(checkSchema(UUID.toUpperCase(), { type: "string", format: "uuid" })).toBeUndefined();
    for (const ok of ["jan.kowalski@example.org", "a@b", "x+tag@mail.example.co.uk"]) expect(checkSchema(ok, { format: "email" }), ok).toBeUndefined();
    for (const bad of ["not-an-email", "@example.org", "a@", "a@@b", "a b@c.d", "a@b c.d", "a@b..c", "a@.b", "a@b."]) {
      expect(checkSchema(bad, { format: "email" }), bad).toBe(`must be an e-mail address, got string ${JSON.stringify(bad)}`);
    }
    expect(checkSchema("https://acme.thulium.com/api", { format: "uri" })).toBeUndefined();
    expect(checkSchema("mailto:a@b", { format: "uri" })).toBeUndefined();
    expect(checkSchema("/api/chats", { format: "uri" })).toBe('must be an absolute URI, got string "/api/chats"');
    // A format says nothing about other types.
    expect(checkSchema(5, { format: "email" })).toBeUndefined();
  });

  it("pattern: an example that fits instead of the expression; the date's forms in words", () => {
    expect(checkSchema("1", { pattern: "^\\d{2}$", example: "42" })).toBe('must look like "42", got string "1"');
    expect(checkSchema("1", { pattern: "^\\d{2}$" })).toBe('must match ^\\d{2}$, got string "1"');
    const date: SchemaSpec = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", thuliumDate: true };
    const forms = "must be a date as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, or a Date";
    expect(checkSchema("2014-7-4", date)).toBe(`${forms}, got string "2014-7-4"`);
    expect(checkSchema(new Date(Number.NaN), date)).toBe(`${forms}, got an invalid Date`);
    expect(checkSchema(20140704, date)).toBe(`${forms}, got number 20140704`);
  });

  it("never shows a secret's value, only its type", () => {
    expect(checkSchema(12345678, { type: "string", secret: true })).toBe("must be a string, got a number");
    expect(checkSchema("hunter2", { type: "string", enum: ["x"], secret: true })).toBe('must be one of "x", got a string');
    expect(checkSchema({ p: "hunter2" }, { properties: { p: { type: "string", pattern: "^a$", secret: true } } })).toBe("p: must match ^a$, got a string");
  });

  it("lengths count code points, as JSON Schema does", () => {
    expect(checkSchema("😀", { maxLength: 1 })).toBeUndefined();
    expect(checkSchema("😀😀", { maxLength: 1 })).toBe("must have at most 1 character(s), got 2");
    expect(checkSchema("", { minLength: 1 })).toBe("must have at least 1 character(s), got 0");
  });

  it("counts a 32 MiB string without an array of its characters (memory measured)", () => {
    const big = JSON.parse(JSON.stringify("a".repeat(32 * 1024 * 1024))) as string;
    const before = process.memoryUsage().rss;
    expect(checkSchema({ s: big }, { properties: { s: { maxLength: 100 } } })).toBe("s: must have at most 100 character(s), got 33554432");
    // An array of one-character strings would take 256 MB here.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("ranges, items and their counts, enum", () => {
    expect(checkSchema(101, { type: "integer", minimum: 1, maximum: 100 })).toBe("must be at most 100, got 101");
    expect(checkSchema(0, { minimum: 1 })).toBe("must be at least 1, got 0");
    expect(checkSchema([], { minItems: 1 })).toBe("must have at least 1 item(s), got 0");
    expect(checkSchema([1, 2, 3], { maxItems: 2 })).toBe("must have at most 2 item(s), got 3");
    expect(checkSchema(["a", 1], { items: { type: "string" } })).toBe("[1]: must be a string, got number 1");
    expect(checkSchema("x", { enum: ["a", 1, null] })).toBe('must be one of "a", 1, null, got string "x"');
    expect(checkSchema(null, { enum: ["a", 1, null] })).toBeUndefined();
  });

  it("objects: required, properties, additionalProperties false or a schema", () => {
    const closed: SchemaSpec = { type: "object", properties: { a: { type: "string" } }, additionalProperties: false };
    expect(checkSchema({ a: "x" }, closed)).toBeUndefined();
    expect(checkSchema({ a: "x", b: 1 }, closed)).toBe('must not have the field "b"');
    expect(checkSchema({ in: { a: "x", b: 1 } }, { properties: { in: closed } })).toBe('in: must not have the field "b"');
    const map: SchemaSpec = { type: "object", additionalProperties: { type: "integer" } };
    expect(checkSchema({ x: 1, "odd key": "2" }, map)).toBe('["odd key"]: must be a whole number, got string "2"');
    // Only own fields count: "toString" is not present because every object inherits it.
    expect(checkSchema({}, { required: ["toString"] })).toBe("toString: is required but missing");
    expect(checkSchema(JSON.parse('{"__proto__": 5}'), { properties: { ["__proto__"]: { type: "string" } } })).toBe(
      "__proto__: must be a string, got number 5",
    );
  });

  it("keeps a hostile value out of the message: one line, cut short, control characters escaped", () => {
    const hostile = `\u001b[31m${"a".repeat(10_000)}\n\r\u0000`;
    const message = checkSchema({ conversation_id: hostile }, started) ?? "";
    expect(message).toBe(`conversation_id: must be a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a, got string "\\u001b[31m${"a".repeat(55)}…"`);
    expect(checkSchema(`a\nb`, { type: "integer" })).toBe('must be a whole number, got string "a\\nb"');
    expect(checkSchema({ [`k\n${"k".repeat(100)}`]: 1 }, { additionalProperties: false })).toMatch(/^must not have the field "k\\nk+…"$/);
  });

  it("an empty schema takes anything (the answer of listChatQueues is undocumented)", () => {
    for (const v of [null, 1, "x", [], {}]) expect(checkSchema(v, {})).toBeUndefined();
  });

  it("has nothing to check for stopChatConversation's answer", () => {
    expect("responses" in stopChatConversation).toBe(false);
    expect(stopChatConversation.jsonResponse).toBe(false);
  });

  it("type: shows a boolean's and a bigint's value", () => {
    expect(checkSchema(true, { type: "string" })).toBe("must be a string, got boolean true");
    expect(checkSchema(10n, { type: "integer" })).toBe("must be a whole number, got bigint 10");
  });

  it("counts a lone surrogate as one code point, and a pair at the edges of its ranges as one", () => {
    const length = (s: string) => checkSchema(s, { maxLength: 0 });
    expect(length("\ud800\udc00")).toBe("must have at most 0 character(s), got 1"); // U+10000
    expect(length("\udbff\udfff")).toBe("must have at most 0 character(s), got 1"); // U+10FFFF
    expect(length("\ud83da")).toBe("must have at most 0 character(s), got 2"); // a high surrogate, then no low one
    expect(length("a\ud83d")).toBe("must have at most 0 character(s), got 2");
    expect(length("\udc00\udc00")).toBe("must have at most 0 character(s), got 2"); // two low surrogates
    expect(length("\ue000\udc00")).toBe("must have at most 0 character(s), got 2");
    expect(length("\ud7ff\udc00")).toBe("must have at most 0 character(s), got 2");
    expect(length("\ud800\udbff")).toBe("must have at most 0 character(s), got 2");
    expect(length("\ud800\ue000")).toBe("must have at most 0 character(s), got 2");
  });

  it("pattern: read as a Unicode expression, as JSON Schema does", () => {
    expect(checkSchema("😀", { pattern: "^.$" })).toBeUndefined();
    expect(checkSchema("Łódź", { pattern: "^\\p{L}+$" })).toBeUndefined();
    expect(checkSchema("Łódź1", { pattern: "^\\p{L}+$" })).toBe('must match ^\\p{L}+$, got string "Łódź1"');
  });

  it("items: an array schema without one takes any items", () => {
    expect(checkSchema([1, "x", null, [{}]], { type: "array", minItems: 1 })).toBeUndefined();
    expect(checkSchema([1, "x"], { type: "array", maxItems: 1 })).toBe("must have at most 1 item(s), got 2");
  });

  it("items say nothing about an object: its properties are still checked", () => {
    const either: SchemaSpec = { type: ["array", "object"], items: { type: "string" }, properties: { a: { type: "string" } } };
    expect(checkSchema({ a: 5 }, either)).toBe("a: must be a string, got number 5");
    expect(checkSchema([5], either)).toBe("[0]: must be a string, got number 5");
  });

  it("object keywords say nothing about other types", () => {
    for (const v of [5, "x", null, true, ["a"]]) {
      expect(checkSchema(v, { required: ["a"], properties: { a: { type: "string" } }, additionalProperties: false }), String(v)).toBeUndefined();
    }
  });

  it("a schema with no bounds does not compare the value: a symbol passes a schema naming no type", () => {
    expect(checkSchema(Symbol("s"), {})).toBeUndefined();
    expect(checkSchema(Symbol("s"), { enum: ["a"] })).toBe('must be one of "a", got symbol');
  });
});

describe("describeValue", () => {
  it("says what a value is, with a scalar's value and never an array's or object's", () => {
    expect(describeValue(5)).toBe("number 5");
    expect(describeValue("x")).toBe('string "x"');
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue([1, 2])).toBe("an array");
    expect(describeValue({ secret: "hunter2" })).toBe("an object");
    expect(describeValue(new Date(Number.NaN))).toBe("an invalid Date");
  });
});

describe("quote", () => {
  it("keeps 60 characters whole and cuts a longer string to 60 and an ellipsis", () => {
    expect(quote("a".repeat(60))).toBe(JSON.stringify("a".repeat(60)));
    expect(quote("a".repeat(61))).toBe(JSON.stringify(`${"a".repeat(60)}…`));
  });
});
