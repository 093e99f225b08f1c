/**
 * The measurement behind the choice of checker (issue 12): this client's own
 * checker (src/check/checker.ts, reading the generated SchemaSpec) against Ajv's
 * standalone code, compiled at build time from the same schemas, with the same
 * formats and a formatter giving the same messages. Bundle size (esbuild minify
 * + gzip level 9, as bench/bundle.ts) and checks per second on a 100-chat page
 * of listChats. Not part of `npm run bench`: run it when the choice is in doubt,
 * `node --import tsx bench/validator-choice.ts`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { _, Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { checkSchema } from "../src/check/checker.js";
import type { SchemaSpec } from "../src/generated/operations.js";
import * as operations from "../src/generated/operations.js";
import { webhooks } from "../src/generated/webhooks.js";
import { bundleSize } from "./bundle.js";
import { ROOT } from "./harness.js";
import { median } from "./stats.js";

type Json = Record<string, any>;

/** A SchemaSpec as the JSON Schema Ajv takes: the same keywords, without this client's two annotations. */
function jsonSchema(spec: SchemaSpec): Json {
  const { thuliumDate: _date, example: _example, ...rest } = spec as Json;
  const out: Json = { ...rest };
  if (rest.items) out.items = jsonSchema(rest.items);
  if (rest.properties) out.properties = Object.fromEntries(Object.entries<SchemaSpec>(rest.properties).map(([k, v]) => [k, jsonSchema(v)]));
  if (rest.additionalProperties && typeof rest.additionalProperties === "object") out.additionalProperties = jsonSchema(rest.additionalProperties);
  return out;
}

/** The params of an operation as one object schema, which is how Ajv would check them. */
function paramsSchema(op: operations.OperationSpec): Json {
  return {
    type: "object",
    properties: Object.fromEntries(op.parameters.map((p) => [p.name, jsonSchema(p.schema)])),
    required: op.parameters.filter((p) => p.required).map((p) => p.name),
  };
}

// The formats as src/check/checker.ts checks them.
const FORMATS_SOURCE = `export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const email = /^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)*$/;
export const uri = (s) => URL.canParse(s);
`;

/** Ajv's first error in this client's words: what an app using Ajv would have to bundle besides the validators. */
const FORMATTER_SOURCE = `
const DATE = "a date as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, or a Date";
const FORMATS = { uuid: "a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a", email: "an e-mail address", uri: "an absolute URI" };
const words = (t) => t === "integer" ? "a whole number" : t === "boolean" ? "true or false" : t === "null" ? t : (/^[ao]/.test(t) ? "an " : "a ") + t;
const quote = (s) => JSON.stringify(s.length > 60 ? s.slice(0, 60) + "…" : s);
function describe(v) {
  if (v instanceof Date) return Number.isNaN(+v) ? "an invalid Date" : "a Date";
  const kind = v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
  return kind === "string" ? "string " + quote(v) : kind === "object" || kind === "array" ? words(kind) : kind === "number" || kind === "boolean" ? kind + " " + v : kind;
}
export function formatFirst(validate, data) {
  const e = validate.errors && validate.errors[0];
  if (!e) return undefined;
  const parts = e.instancePath.split("/").slice(1);
  let v = data;
  for (const p of parts) v = v[p];
  let path = parts.map((p) => (/^\\d+$/.test(p) ? "[" + p + "]" : "." + p)).join("").replace(/^\\./, "");
  const s = e.parentSchema || {};
  const p = e.params;
  let what;
  switch (e.keyword) {
    case "type": what = "must be " + [p.type].flat().map(words).join(" or "); break;
    case "enum": what = "must be one of " + p.allowedValues.map((x) => JSON.stringify(x)).join(", "); break;
    case "format": what = "must be " + FORMATS[p.format]; break;
    case "pattern": what = s.example === undefined ? "must match " + p.pattern : "must look like " + JSON.stringify(s.example); break;
    case "minLength": case "minItems": case "minimum": what = "must " + (e.keyword === "minimum" ? "be" : "have") + " at least " + p.limit; break;
    case "maxLength": case "maxItems": case "maximum": what = "must " + (e.keyword === "maximum" ? "be" : "have") + " at most " + p.limit; break;
    case "required": path = (path ? path + "." : "") + p.missingProperty; return path + ": is required but missing";
    case "additionalProperties": return (path ? path + ": " : "") + "must not have the field " + quote(p.additionalProperty);
    default: what = e.message;
  }
  return (path ? path + ": " : "") + what + ", got " + describe(v);
}
`;

async function ajvModule(dir: string, name: string, schemas: Record<string, Json>): Promise<string> {
  const ajv = new Ajv({
    code: { source: true, esm: true, formats: _`formats` },
    formats: {
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      email: /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/,
      uri: (s: string) => URL.canParse(s),
    },
    strict: true,
    verbose: true, // parentSchema on errors, for the `look like` message
  });
  for (const [id, schema] of Object.entries(schemas)) ajv.addSchema(schema, id);
  // A CommonJS module: its default export is under `default` for TypeScript, and there at run time too.
  const source = standalone.default(ajv, Object.fromEntries(Object.keys(schemas).map((id) => [id, id])));
  const file = join(dir, `${name}.mjs`);
  await writeFile(join(dir, "formats.mjs"), FORMATS_SOURCE);
  await writeFile(join(dir, "formatter.mjs"), FORMATTER_SOURCE);
  // Ajv's ESM output still `require`s its runtime helpers (ucs2length for minLength): made imports here.
  const helpers: string[] = [...new Set(source.match(/require\("[^"]+"\)/g) ?? [])];
  const body = helpers.reduce((code, call, i) => code.replaceAll(call, `helper${i}`), source);
  const imports = helpers.map((call, i) => `import helper${i} from ${call.slice("require(".length, -1)};\n`).join("");
  await writeFile(file, `import * as formats from "./formats.mjs";\n${imports}${body}`);
  return file;
}

function page(): unknown {
  const chats = Array.from({ length: 100 }, (_, i) => ({
    chat_queue_id: 3,
    client_email: "andrzej.nowak@company.bar",
    client_name: "Andrzej Nowak",
    customer_id: 2,
    conversation_id: `6ed7c941-2c8a-411e-95d2-${String(i).padStart(12, "0")}`,
    created_at: "2017-12-11 10:23:04.318",
    closed_at: "2017-12-11 11:21:05.221",
    status: "CLOSED",
    user_login: "jkowalski",
  }));
  return JSON.parse(JSON.stringify({ count: 250, result: chats }));
}

/** Checks per second of each contender, in interleaved rounds of `ms` each; the median of `rounds`. */
function speed(contenders: Record<string, () => unknown>, rounds = 9, ms = 300): Record<string, number> {
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r <= rounds; r++) {
    for (const [name, run] of Object.entries(contenders)) {
      let n = 0;
      const start = performance.now();
      while (performance.now() - start < ms) {
        for (let i = 0; i < 20; i++) run();
        n += 20;
      }
      if (r > 0) results[name]?.push(n / ((performance.now() - start) / 1000));
    }
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(median(v))]));
}

async function main() {
  const dir = await mkdtemp(join(ROOT, ".validator-choice-"));
  try {
    const ops = Object.values(operations.operations) as operations.OperationSpec[];
    const stop = operations.stopChatConversation;

    // Size: what the app bundles to check stopChatConversation's params (it has no answer to check) …
    const stopAjv = await ajvModule(dir, "stop", { stopChatConversation: paramsSchema(stop) });
    const ownStop = await bundleSize(
      `import { checkSchema } from ${JSON.stringify(join(ROOT, "src/check/checker.ts"))};
import { stopChatConversation as op } from ${JSON.stringify(join(ROOT, "src/generated/operations.ts"))};
const params = JSON.parse(process.argv[2]);
for (const p of op.parameters) console.log(checkSchema(params[p.name], p.schema));
`,
      dir,
    );
    const ajvStop = await bundleSize(
      `import { stopChatConversation as validate } from ${JSON.stringify(stopAjv)};
import { formatFirst } from ${JSON.stringify(join(dir, "formatter.mjs"))};
const params = JSON.parse(process.argv[2]);
validate(params);
console.log(formatFirst(validate, params));
`,
      dir,
    );

    // … and to check every operation's params and 2xx answers and every webhook (the full client).
    const all: Record<string, Json> = {};
    for (const op of ops) {
      all[`${op.operationId}Params`] = paramsSchema(op);
      for (const [status, schema] of Object.entries(op.responses ?? {})) all[`${op.operationId}${status}`] = jsonSchema(schema);
    }
    for (const [action, hook] of Object.entries(webhooks)) {
      all[action] = {
        type: "object",
        properties: Object.fromEntries(hook.fields.map((f) => [f.name, jsonSchema(f.schema)])),
        required: hook.fields.filter((f) => f.required).map((f) => f.name),
      };
    }
    const allAjv = await ajvModule(dir, "all", all);
    const names = Object.keys(all);
    const ownAll = await bundleSize(
      `import { checkSchema } from ${JSON.stringify(join(ROOT, "src/check/checker.ts"))};
import { operations } from ${JSON.stringify(join(ROOT, "src/generated/operations.ts"))};
import { webhooks } from ${JSON.stringify(join(ROOT, "src/generated/webhooks.ts"))};
const data = JSON.parse(process.argv[2]);
for (const op of Object.values(operations)) {
  for (const p of op.parameters) console.log(checkSchema(data[p.name], p.schema));
  for (const s of Object.values(op.responses ?? {})) console.log(checkSchema(data, s));
}
for (const w of Object.values(webhooks)) for (const f of w.fields) console.log(checkSchema(data[f.name], f.schema));
`,
      dir,
    );
    const ajvAll = await bundleSize(
      `import * as validators from ${JSON.stringify(allAjv)};
import { operations } from ${JSON.stringify(join(ROOT, "src/generated/operations.ts"))};
import { formatFirst } from ${JSON.stringify(join(dir, "formatter.mjs"))};
const data = JSON.parse(process.argv[2]);
console.log(Object.keys(operations).length);
for (const name of ${JSON.stringify(names)}) { const v = validators[name]; v(data); console.log(formatFirst(v, data)); }
`,
      dir,
    );

    // Speed: one 100-chat page of listChats, valid (the common case).
    const validateAjv = (await import(pathToFileURL(allAjv).href)).listChats200 as (data: unknown) => boolean;
    const body = page();
    const schema = operations.listChats.responses["200"];
    if (checkSchema(body, schema) !== undefined || !validateAjv(body)) throw new Error("the page should pass both checkers");
    const perSecond = speed({ own: () => checkSchema(body, schema), ajv: () => validateAjv(body) });
    const parse = JSON.stringify(body);
    const parseRate = speed({ "JSON.parse": () => JSON.parse(parse) }, 5);

    const table = [
      ["", "own checker", "Ajv standalone + formatter"],
      ["stopChatConversation app: validation code (gzip)", `${ownStop.gzipBytes} B`, `${ajvStop.gzipBytes} B`],
      ["full client: validation code (gzip)", `${ownAll.gzipBytes} B`, `${ajvAll.gzipBytes} B`],
      ["listChats 100-chat page: checks/s (median)", `${perSecond.own}`, `${perSecond.ajv}`],
    ];
    console.log(table.map((row) => row.join(" | ")).join("\n"));
    console.log(`(JSON.parse of the same page: ${parseRate["JSON.parse"]}/s; ${parse.length} characters)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
