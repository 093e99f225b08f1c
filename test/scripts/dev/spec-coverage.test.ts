/**
 * Contract coverage of the spec (scripts/dev/spec-coverage.ts): every documented operation and status is
 * exercised by the contract tests' actual requests to Prism, recorded by a proxy in front of it.
 */
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { coverageReport, type Exchange, recordContractTests, specCoverage } from "../../../scripts/dev/spec-coverage.js";
import { loadSpec } from "../../../scripts/spec/spec.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const spec = {
  paths: {
    "/chats/{id}": {
      get: { operationId: "getChat", responses: { "200": {}, "404": {} } },
      delete: { operationId: "deleteChat", responses: { "204": {} } },
    },
  },
};

it("names an operation without a request and a status no request got, and does not count Prism's own refusals", () => {
  const exchanges: Exchange[] = [
    { method: "GET", path: "/chats/5", status: 200, violation: false },
    // Prism's 404 for a request that broke the spec is not the spec's 404.
    { method: "GET", path: "/chats/5", status: 404, violation: true },
  ];
  const coverage = specCoverage(spec, exchanges);
  expect(coverage.map((c) => [c.operationId, c.requests, c.statuses])).toEqual([
    ["getChat", 2, { "200": 1, "404": 0 }],
    ["deleteChat", 0, { "204": 0 }],
  ]);
  const { lines, missing } = coverageReport(coverage);
  expect(missing).toEqual(["getChat: status 404", "deleteChat: no request"]);
  expect(lines.at(-1)).toBe("covered: 1/2 operations, 1/3 documented statuses");
});

it("finds every documented operation and status exercised by the contract tests against Prism", async () => {
  const { exchanges, status, output } = await recordContractTests(root);
  expect(status, output.slice(-2000)).toBe(0);
  const { missing } = coverageReport(specCoverage(await loadSpec(), exchanges));
  expect(missing).toEqual([]);
}, 180_000);
