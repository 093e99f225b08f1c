/**
 * Every example in the spec fits its own schema, as the client checks it:
 * parameter examples, media-type `example`/`examples` (of requests, answers,
 * error answers and webhooks) and schema `examples`, down to nested properties.
 * An example the checker refused would be a wrong example or a wrong check.
 */
import { describe, expect, it } from "vitest";
import { checkedSchema } from "../../scripts/codegen/checked-keywords.js";
import { HTTP_METHODS, type Json, loadSpecSources } from "../../scripts/spec/spec.js";
import { checkSchema } from "../../src/check/checker.js";

const { spec, fileOf } = await loadSpecSources();

interface Example {
  where: string;
  value: unknown;
  schema: Json;
}

function examplesOf(holder: Json, schema: Json | undefined, where: string): Example[] {
  const out: Example[] = [];
  if (schema === undefined) return out;
  if ("example" in holder) out.push({ where: `${where} example`, value: holder.example, schema });
  for (const [name, example] of Object.entries<Json>(holder.examples ?? {})) {
    if ("value" in example) out.push({ where: `${where} examples.${name}`, value: example.value, schema });
  }
  return out;
}

/** `examples` (and `example`) of `schema` and of every schema inside it. */
function schemaExamples(schema: Json | undefined, where: string): Example[] {
  if (schema === undefined || typeof schema !== "object") return [];
  const own = [
    ...(Array.isArray(schema.examples) ? schema.examples : []).map((value: unknown, i: number) => ({ where: `${where} examples[${i}]`, value, schema })),
    ...("example" in schema ? [{ where: `${where} example`, value: schema.example, schema }] : []),
  ];
  const inner = [
    ...Object.entries<Json>(schema.properties ?? {}).flatMap(([name, prop]) => schemaExamples(prop, `${where}.${name}`)),
    ...schemaExamples(schema.items, `${where}[]`),
    ...(schema.allOf ?? []).flatMap((part: Json, i: number) => schemaExamples(part, `${where}.allOf[${i}]`)),
    ...(typeof schema.additionalProperties === "object" ? schemaExamples(schema.additionalProperties, `${where}{}`) : []),
  ];
  return [...own, ...inner];
}

function allExamples(): Example[] {
  const out: Example[] = [];
  const content = (c: Json | undefined, where: string) => {
    for (const [type, media] of Object.entries<Json>(c ?? {})) {
      out.push(...examplesOf(media, media.schema, `${where} ${type}`), ...schemaExamples(media.schema, `${where} ${type} schema`));
    }
  };
  for (const [group, items] of [
    ["paths", spec.paths],
    ["webhooks", spec.webhooks],
  ] as const) {
    for (const [name, item] of Object.entries<Json>(items ?? {})) {
      for (const method of HTTP_METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const where = `${group} ${method.toUpperCase()} ${name}`;
        for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])] as Json[]) {
          out.push(...examplesOf(p, p.schema, `${where} parameter ${p.name}`), ...schemaExamples(p.schema, `${where} parameter ${p.name} schema`));
        }
        content(op.requestBody?.content, `${where} request body`);
        for (const [status, response] of Object.entries<Json>(op.responses ?? {})) content(response.content, `${where} ${status}`);
      }
    }
  }
  for (const [name, schema] of Object.entries<Json>(spec.components?.schemas ?? {})) out.push(...schemaExamples(schema, `components.schemas.${name}`));
  return out;
}

const examples = allExamples();

describe("the spec's examples", () => {
  it("are many: parameters, bodies, answers, error answers, webhooks and schemas all have some", () => {
    expect(examples.length).toBeGreaterThan(80);
    for (const kind of ["parameter", "request body", " 200 ", " 400 ", "webhooks", "components.schemas"]) {
      expect(
        examples.some((e) => e.where.includes(kind)),
        kind,
      ).toBe(true);
    }
  });

  it.each(examples.map((e) => [e.where, e] as const))("%s fits its schema", (_, { value, schema }) => {
    expect(checkSchema(value, checkedSchema(schema, fileOf) as never)).toBeUndefined();
  });
});
