/**
 * The validation contract: a spec schema becomes the `SchemaSpec` that
 * src/check/checker.ts checks at run time. Every keyword is either checked,
 * or a pure annotation and dropped; anything else fails generation, naming
 * the file and the keyword, so that the spec never promises a check the
 * client does not make.
 */
import type { Json } from "../spec/spec.js";

/** Keywords src/check/checker.ts checks. `allOf` is merged here into one schema. */
const CHECKED_KEYWORDS = [
  "type",
  "enum",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "items",
  "minItems",
  "maxItems",
  "properties",
  "required",
  "additionalProperties",
  "allOf",
] as const;
/** Keywords that only document; `x-*` extensions too (`x-thulium-date` becomes `thuliumDate`). */
const ANNOTATIONS = ["description", "title", "examples", "example", "default", "deprecated", "readOnly", "writeOnly", "$comment"];
/** `format`s checked at run time. */
const CHECKED_FORMATS = ["uuid", "email", "uri"];
/** `format`s that only document: any string fits (`password` becomes `secret: true`). */
const ANNOTATION_FORMATS = ["password"];
const TYPES = ["string", "integer", "number", "boolean", "object", "array", "null"];

/** `schema` (from `loadSpecSources`) as a SchemaSpec; `fileOf` names the file of each of its objects for errors. */
export function checkedSchema(schema: Json | undefined, fileOf: (node: object) => string): Json {
  return schema === undefined ? {} : convert(schema, fileOf, "");
}

function convert(s: Json, fileOf: (node: object) => string, at: string): Json {
  const file = fileOf(s);
  const fail = (why: string): never => {
    throw new Error(`${file}${at ? ` (at ${at})` : ""}: ${why}`);
  };
  // `at` is the place inside the file; it starts again in each file a $ref leads to.
  const child = (node: unknown, step: string): Json => {
    if (node === true) return {};
    if (node === null || typeof node !== "object" || Array.isArray(node)) return fail(`${at}${step} must be a schema object, got ${JSON.stringify(node)}`);
    return convert(node, fileOf, fileOf(node) !== file ? "" : `${at}${step}`);
  };
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (ANNOTATIONS.includes(key) || key === "allOf") continue;
    if (key.startsWith("x-")) {
      if (key === "x-thulium-date" && value === true) out.thuliumDate = true;
      continue;
    }
    if (!(CHECKED_KEYWORDS as readonly string[]).includes(key)) {
      fail(
        `the keyword "${key}" is not checked at run time; use only ${CHECKED_KEYWORDS.join(", ")} (and annotations), or teach src/check/checker.ts and scripts/codegen/checked-keywords.ts to check it`,
      );
    }
    switch (key) {
      case "type":
        for (const t of [value].flat()) if (!TYPES.includes(t)) fail(`"type" ${JSON.stringify(t)} is not a JSON Schema type`);
        out.type = value;
        break;
      case "format":
        // `password` constrains nothing, but marks a secret the CLI never shows or takes on its command line.
        if (value === "password") out.secret = true;
        if (ANNOTATION_FORMATS.includes(value)) break;
        if (!CHECKED_FORMATS.includes(value)) {
          fail(
            `the format "${value}" is not checked at run time; use ${[...CHECKED_FORMATS, ...ANNOTATION_FORMATS].join(", ")}, or teach src/check/checker.ts to check it`,
          );
        }
        out.format = value;
        break;
      case "pattern":
        try {
          new RegExp(value, "u");
        } catch (err) {
          fail(`"pattern" is not a valid regular expression: ${(err as Error).message}`);
        }
        out.pattern = value;
        break;
      case "enum":
      case "required":
        if (!Array.isArray(value)) fail(`"${key}" must be a list`);
        out[key] = value;
        break;
      case "items":
        out.items = child(value, ".items");
        break;
      case "properties":
        out.properties = Object.fromEntries(Object.entries<unknown>(value).map(([name, prop]) => [name, child(prop, `.properties.${name}`)]));
        break;
      case "additionalProperties":
        // `true` is the default: fields the spec does not declare are allowed.
        if (value !== true) out.additionalProperties = value === false ? false : child(value, ".additionalProperties");
        break;
      default:
        if (typeof value !== "number") fail(`"${key}" must be a number`);
        out[key] = value;
    }
  }
  if (s.allOf !== undefined && !Array.isArray(s.allOf)) fail(`"allOf" must be a list`);
  const merged = ((s.allOf ?? []) as unknown[]).reduce<Json>((all, part, i) => merge(all, child(part, `.allOf[${i}]`), fail), out);
  // A pattern's failure is told with an example that fits, not with the regular expression; a date's in words.
  const example = Array.isArray(s.examples) ? s.examples[0] : s.example;
  if (merged.pattern !== undefined && !merged.thuliumDate && merged.example === undefined && example !== undefined) merged.example = example;
  return merged;
}

/** One schema that checks what both do; fails when they disagree on a keyword. */
function merge(a: Json, b: Json, fail: (why: string) => never): Json {
  const out: Json = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (out[key] === undefined || key === "example") out[key] ??= value;
    else if (key === "required") out.required = [...new Set([...out.required, ...value])];
    else if (key === "properties") {
      out.properties = { ...out.properties };
      for (const [name, prop] of Object.entries<Json>(value)) {
        const mine = out.properties[name];
        if (mine !== undefined && JSON.stringify(mine) !== JSON.stringify(prop)) fail(`"allOf" gives property "${name}" two different schemas`);
        out.properties[name] = prop;
      }
    } else if (JSON.stringify(out[key]) !== JSON.stringify(value))
      fail(`"allOf" gives "${key}" two values, ${JSON.stringify(out[key])} and ${JSON.stringify(value)}`);
  }
  return out;
}
