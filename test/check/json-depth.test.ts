/**
 * The nesting bound on JSON from outside: 64 levels of arrays and objects pass, 65 are refused, whether
 * the JSON is text (read once, strings skipped) or already parsed. A bracket inside a string is text, not
 * nesting; a closing bracket ends a level. Wrong either way, answers are refused as "too-deep" that are
 * not, or let through that are.
 */
import { describe, expect, it } from "vitest";
import { jsonTextTooDeep, jsonValueTooDeep, MAX_JSON_DEPTH } from "../../src/check/json-depth.js";
import { createThuliumClient } from "../../src/index.js";
import { failure } from "../expect-failure.js";

/** `depth` arrays one in another around `inner`. */
const arrays = (depth: number, inner = "") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;
/** `depth` objects one in another, `{"key":{"key":…}}`, around `inner`. */
const objects = (depth: number, inner = "1") => `${'{"key":'.repeat(depth - 1)}{"key":${inner}}${"}".repeat(depth - 1)}`;

describe("MAX_JSON_DEPTH", () => {
  it("is 64 levels", () => {
    expect(MAX_JSON_DEPTH).toBe(64);
  });
});

describe("jsonTextTooDeep", () => {
  it("passes 64 levels of arrays and refuses 65", () => {
    expect(jsonTextTooDeep(arrays(64, "1"))).toBe(false);
    expect(jsonTextTooDeep(arrays(65, "1"))).toBe(true);
    expect(jsonTextTooDeep(arrays(25_000))).toBe(true);
  });

  it("counts objects as levels as arrays are, and both mixed", () => {
    expect(jsonTextTooDeep(objects(64))).toBe(false);
    expect(jsonTextTooDeep(objects(65))).toBe(true);
    const mixed = (depth: number) => `${'[{"a":'.repeat(depth / 2)}1${"}]".repeat(depth / 2)}`;
    expect(jsonTextTooDeep(mixed(64))).toBe(false);
    expect(jsonTextTooDeep(mixed(66))).toBe(true);
  });

  it("ends a level at each ] and }: many siblings are wide, not deep", () => {
    expect(jsonTextTooDeep(`[${Array(200).fill("[]").join(",")}]`)).toBe(false);
    expect(jsonTextTooDeep(`[${Array(200).fill("{}").join(",")}]`)).toBe(false);
    expect(jsonTextTooDeep(`[${Array(200).fill('{"a":[1]}').join(",")}]`)).toBe(false);
    // After 60 levels opened and closed, 64 more are still within the bound, 65 are not.
    expect(jsonTextTooDeep(`[${arrays(60)},${arrays(63)}]`)).toBe(false);
    expect(jsonTextTooDeep(`[${arrays(60)},${arrays(64)}]`)).toBe(true);
    expect(jsonTextTooDeep(`[${objects(60)},${objects(64)}]`)).toBe(true);
  });

  it("does not count brackets inside strings", () => {
    expect(jsonTextTooDeep(JSON.stringify({ text: "[".repeat(1000) }))).toBe(false);
    expect(jsonTextTooDeep(JSON.stringify({ text: "{".repeat(1000) }))).toBe(false);
    expect(jsonTextTooDeep(JSON.stringify(["[{".repeat(100), "[{".repeat(100)]))).toBe(false);
    expect(jsonTextTooDeep(JSON.stringify({ [`${"[".repeat(200)}`]: 1 }))).toBe(false);
  });

  it("does not end a string at an escaped quote", () => {
    // "\"[[[…" is one string: its brackets are text.
    expect(jsonTextTooDeep(JSON.stringify({ text: `say "${"[".repeat(200)}"` }))).toBe(false);
    expect(jsonTextTooDeep(JSON.stringify([`\\"${"[".repeat(200)}`]))).toBe(false);
  });

  it("ends a string at a quote after an escaped backslash, and counts the brackets after it", () => {
    // ["\\", [[[…]]]]: the string is one backslash; the arrays after it nest.
    expect(jsonTextTooDeep(`["\\\\",${arrays(64)}]`)).toBe(true);
    expect(jsonTextTooDeep(`["\\\\",${arrays(63)}]`)).toBe(false);
    expect(jsonTextTooDeep(`["]]]]]]]]",${arrays(64)}]`)).toBe(true);
    expect(jsonTextTooDeep(`["a","b",${objects(64)}]`)).toBe(true);
  });

  it("does not read a text too short to nest past the bound", () => {
    let reads = 0;
    // A text of only "[", counting the characters read.
    const counted = (length: number) =>
      ({
        length,
        charCodeAt: () => {
          reads++;
          return 0x5b;
        },
      }) as unknown as string;
    expect(jsonTextTooDeep(counted(2 * MAX_JSON_DEPTH))).toBe(false);
    expect(reads).toBe(0);
    expect(jsonTextTooDeep(counted(2 * MAX_JSON_DEPTH + 1))).toBe(true);
    expect(reads).toBe(MAX_JSON_DEPTH + 1);
  });

  it("agrees with jsonValueTooDeep on the parsed value", () => {
    for (const depth of [1, 63, 64, 65, 100]) {
      for (const text of [arrays(depth, "1"), objects(depth), `[${arrays(3)},"[[[",${arrays(depth, '"]]"')}]`]) {
        expect(jsonTextTooDeep(text), text).toBe(jsonValueTooDeep(JSON.parse(text)));
      }
    }
  });
});

describe("jsonValueTooDeep", () => {
  const nested = (text: string) => JSON.parse(text) as unknown;

  it("passes 64 levels and refuses 65, of arrays or objects", () => {
    expect(jsonValueTooDeep(nested(arrays(64)))).toBe(false);
    expect(jsonValueTooDeep(nested(arrays(65)))).toBe(true);
    expect(jsonValueTooDeep(nested(objects(64)))).toBe(false);
    expect(jsonValueTooDeep(nested(objects(65)))).toBe(true);
  });

  it("finds the deep branch wherever it is, past nulls, numbers and shallow siblings", () => {
    expect(jsonValueTooDeep({ a: null, b: 1, c: "x", d: [[]], e: nested(arrays(65)) })).toBe(true);
    expect(jsonValueTooDeep([nested(arrays(65)), null, {}])).toBe(true);
    expect(jsonValueTooDeep({ a: null, b: [1, "x", null], c: { d: [] } })).toBe(false);
    expect(jsonValueTooDeep(Array.from({ length: 500 }, () => ({ a: [{ b: 1 }] })))).toBe(false);
  });

  it("takes any value a body parser gives", () => {
    for (const value of [null, undefined, 0, "[[[", true, [], {}]) expect(jsonValueTooDeep(value), String(value)).toBe(false);
  });
});

describe("an answer with brackets in its strings", () => {
  const client = (body: string) =>
    createThuliumClient({
      system: "acme",
      username: "u",
      password: "p",
      validateResponses: "off",
      fetch: async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
    });

  it("is read, not refused as too deep", async () => {
    const body = JSON.stringify({ count: 1, result: [{ client_name: `[:-{ ${"[".repeat(200)} "quoted" \\` }] });
    const page = await client(body).listChats();
    expect(page.result[0]?.client_name).toBe(`[:-{ ${"[".repeat(200)} "quoted" \\`);
  });

  it("is refused as too-deep when it nests 65 levels", async () => {
    const err = await failure(client(`{"count":1,"result":${arrays(64)}}`).listChats());
    expect(err).toMatchObject({ name: "ThuliumResponseError", problem: "too-deep" });
    expect(await client(`{"count":1,"result":${arrays(63)}}`).listChats()).toMatchObject({ count: 1 });
  });
});
