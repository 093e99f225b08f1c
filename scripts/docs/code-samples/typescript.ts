/** TypeScript with this package: the operationId method and its flat params object. */
import type { SampleRequest } from "./request.js";

export const lang = "TypeScript";
export const label = "TypeScript";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function render(request: SampleRequest): string {
  const params: Record<string, unknown> = {};
  for (const p of [...request.pathParams, ...request.queryParams]) params[p.name] = p.value;
  Object.assign(params, request.body);
  const args = Object.keys(params).length > 0 ? tsValue(params, "") : "";
  const where = request.system !== undefined ? `system: ${JSON.stringify(request.system)}` : `baseUrl: ${JSON.stringify(request.baseUrl)}`;
  const call = `await thulium.${request.operationId}(${args});`;
  return [
    `import { createThuliumClient } from "thulium-chat-client";`,
    ``,
    `const thulium = createThuliumClient({`,
    `  ${where},`,
    `  username: process.env.THULIUM_USER ?? "",`,
    `  password: process.env.THULIUM_PASSWORD ?? "",`,
    `});`,
    ``,
    request.returnsJson ? `const result = ${call}\nconsole.log(result);` : call,
  ].join("\n");
}

function tsValue(value: unknown, indent: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((v) => tsValue(v, inner)).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${tsValue(v, inner)},`).join("\n")}\n${indent}}`;
}
