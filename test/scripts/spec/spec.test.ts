/** scripts/spec/spec.ts: the one model of the spec that every script reads. */
import { describe, expect, it } from "vitest";
import { isJsonMediaType, loadSpec, specOperations } from "../../../scripts/spec/spec.js";

const spec = {
  paths: {
    "/chats/{id}": {
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "integer" } },
        { name: "page", in: "query", description: "path level", schema: { type: "integer" } },
      ],
      get: {
        operationId: "getChat",
        parameters: [
          { name: "page", in: "query", required: true, description: "operation level", schema: { type: "string" } },
          { name: "user_logins[]", in: "query", schema: { type: "array", items: { type: "string" } } },
        ],
        responses: {
          "200": { content: { "application/vnd.thulium+json; charset=utf-8": { schema: { type: "object" } } } },
          "404": { content: { "application/json": {} } },
        },
      },
      delete: { operationId: "deleteChat", responses: { "204": {}, "400": { content: { "application/json": {} } } } },
    },
  },
};

describe("specOperations", () => {
  const [get, del] = [...specOperations(spec)];

  it("merges parameters as OpenAPI says: the operation's override the path item's with the same name and in", () => {
    expect(get?.parameters.map((p) => [p.wireName, p.in, p.spec.description])).toEqual([
      ["id", "path", undefined],
      ["page", "query", "operation level"],
      ["user_logins[]", "query", undefined],
    ]);
    expect(get?.parameters.find((p) => p.wireName === "page")?.required).toBe(true);
  });

  it("gives each parameter its flat name (no [] suffix) and its wire name", () => {
    expect(get?.parameters.map((p) => [p.name, p.wireName])).toContainEqual(["user_logins", "user_logins[]"]);
  });

  it("says whether a 2xx answer is JSON, error answers aside", () => {
    expect(get?.returnsJson).toBe(true);
    expect(Object.keys(get?.jsonResponses ?? {})).toEqual(["200"]);
    expect(del?.returnsJson).toBe(false);
  });

  it("gives a route that matches the operation's requests and nothing else", () => {
    expect(get?.route.test("/chats/12")).toBe(true);
    expect(get?.route.test("/chats/12/")).toBe(true);
    expect(get?.route.test("/chats/")).toBe(false);
    expect(get?.route.test("/chats/12/stop")).toBe(false);
  });

  it("finds every operation of the real spec, each with its route", async () => {
    const operations = [...specOperations(await loadSpec())];
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) expect(op.route.test(op.path.replace(/\{[^}]+\}/g, "x1"))).toBe(true);
  });
});

describe("isJsonMediaType", () => {
  it("is application/json or any +json type (RFC 6839), parameters aside", () => {
    for (const type of ["application/json", "application/json; charset=utf-8", "application/problem+json", "text/x.thing+json", "Application/JSON"]) {
      expect(isJsonMediaType(type), type).toBe(true);
    }
    for (const type of ["application/json-seq", "text/plain", "application/jsonx", "application/x-ndjson", "+json"]) {
      expect(isJsonMediaType(type), type).toBe(false);
    }
  });
});
