/**
 * Reads, from a dereferenced spec, what a documented call of each operation
 * looks like: its real path, its required parameters and the example values
 * the spec documents for its parameters and body, less any optional field
 * whose format Thulium leaves undocumented (`x-undocumented-format`). The
 * language templates render only this, so a new operation in the spec gets its
 * samples without any template change.
 */
import { firstNamedExample, isJsonMediaType, type Json, specOperations } from "../../spec/spec.js";

export interface SampleParameter {
  /** Name in the client's flat params object (`user_logins` for `user_logins[]`). */
  name: string;
  /** Name on the wire. */
  wireName: string;
  value: unknown;
}

export interface SampleRequest {
  operationId: string;
  method: string;
  /** Path template from the spec, e.g. `/chat_conversations/{id}/stop`. */
  pathTemplate: string;
  /** Base URL of the first server, variables set to their defaults. */
  baseUrl: string;
  /** Default of the server variable `system`, for the client's `system` option. */
  system: string | undefined;
  pathParams: SampleParameter[];
  queryParams: SampleParameter[];
  /** The JSON body, or undefined when the sample sends none. */
  body: Record<string, unknown> | undefined;
  /** Whether a 2xx answer declares a JSON body. */
  returnsJson: boolean;
  /** Parameters that had to be given a made-up value because the spec documents no example. */
  placeholders: string[];
}

/** One documented request per operation, in spec order. */
export function sampleRequests(spec: Json): SampleRequest[] {
  const server = (spec.servers?.[0] ?? { url: "/" }) as Json;
  const variables = (server.variables ?? {}) as Json;
  const baseUrl = String(server.url).replace(/\{([^}]+)\}/g, (_, name: string) => String(variables[name]?.default ?? name));
  const system = variables.system?.default as string | undefined;
  const requests: SampleRequest[] = [];
  for (const { operationId, path, method, op, where, parameters, returnsJson } of specOperations(spec)) {
    const request: SampleRequest = {
      operationId,
      method: method.toUpperCase(),
      pathTemplate: path,
      baseUrl,
      system,
      pathParams: [],
      queryParams: [],
      body: undefined,
      returnsJson,
      placeholders: [],
    };
    for (const { name, wireName, in: place, required, spec: p } of parameters) {
      if (place !== "path" && place !== "query") continue; // headers are client options; cookies are not used
      if (!required && undocumentedFormat(p)) continue;
      const documented = parameterExample(p);
      if (documented === undefined && !required) continue;
      const value = documented ?? placeholder(p.schema, `${where} parameter ${wireName}`, request.placeholders);
      (place === "path" ? request.pathParams : request.queryParams).push({ name, wireName, value });
    }
    const missing = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((n) => !request.pathParams.some((p) => p.wireName === n));
    if (missing.length > 0) throw new Error(`${where}: path parameter(s) ${missing.join(", ")} not declared`);
    request.body = bodyExample(op.requestBody, where, request.placeholders);
    requests.push(request);
  }
  return requests;
}

/** The request's URL with path parameters filled in and the query string, `name[]` kept readable. */
export function sampleUrl(request: SampleRequest, baseUrl = request.baseUrl): string {
  let path = request.pathTemplate;
  for (const p of request.pathParams) path = path.replaceAll(`{${p.wireName}}`, encodeURIComponent(String(p.value)));
  const query = request.queryParams
    .flatMap((p) => (Array.isArray(p.value) ? p.value : [p.value]).map((v) => `${encodeQuery(p.wireName)}=${encodeQuery(String(v))}`))
    .join("&");
  return `${baseUrl.replace(/\/$/, "")}${path}${query ? `?${query}` : ""}`;
}

/** Percent-encodes what must be; keeps `[]`, `:`, `@`, `,` and `/` readable, as Thulium's own examples write them. */
function encodeQuery(text: string): string {
  return encodeURIComponent(text).replace(/%(5B|5D|3A|40|2C|2F)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `example`, then the first of `examples`, on the parameter, its media type or its schema. */
function parameterExample(p: Json): unknown {
  if (p.example !== undefined) return p.example;
  const named = firstNamedExample(p.examples);
  if (named !== undefined) return named;
  const media = p.content ? (Object.values<Json>(p.content)[0] ?? {}) : undefined;
  if (media) return media.example ?? firstNamedExample(media.examples) ?? schemaExample(media.schema);
  return schemaExample(p.schema);
}

/** A schema's own example (`examples[0]` in 3.1, `example` before it), or one built from its properties' examples. */
function schemaExample(schema: Json | undefined): unknown {
  if (!schema) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries<Json>(schema.properties)) {
      const value = schemaExample(property);
      if (value !== undefined) out[name] = value;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (schema.items) {
    const item = schemaExample(schema.items);
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

function bodyExample(requestBody: Json | undefined, where: string, placeholders: string[]): Record<string, unknown> | undefined {
  if (!requestBody?.content) return undefined;
  const entry = Object.entries<Json>(requestBody.content)[0];
  if (!entry) return undefined;
  const [type, media] = entry;
  if (!isJsonMediaType(type)) throw new Error(`${where}: code samples support JSON request bodies only, not ${type}`);
  let value = media.example ?? firstNamedExample(media.examples) ?? schemaExample(media.schema);
  const required: string[] = media.schema?.required ?? [];
  if (value === undefined && !requestBody.required && required.length === 0) return undefined;
  if (value === undefined) value = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: code samples support JSON object bodies only`);
  }
  const body = { ...(value as Record<string, unknown>) };
  for (const [name, property] of Object.entries<Json>(media.schema?.properties ?? {})) {
    if (!required.includes(name) && undocumentedFormat(property)) delete body[name];
  }
  for (const name of required) {
    if (body[name] === undefined) body[name] = placeholder(media.schema?.properties?.[name], `${where} body field ${name}`, placeholders);
  }
  // An optional body left with nothing documented is not sent, as Thulium's own samples send none.
  if (Object.keys(body).length === 0 && !requestBody.required) return undefined;
  return body;
}

/**
 * `x-undocumented-format: true` on a parameter or body field: Thulium names it but documents neither its
 * format nor where it goes. Samples show documented calls only, so they leave it out unless it is required.
 */
function undocumentedFormat(element: Json | undefined): boolean {
  return element?.["x-undocumented-format"] === true || element?.schema?.["x-undocumented-format"] === true;
}

/** A value of the right type for a required field the spec gives no example for; listed so the build can warn. */
function placeholder(schema: Json | undefined, what: string, placeholders: string[]): unknown {
  placeholders.push(what);
  if (schema?.default !== undefined) return schema.default;
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema?.type) {
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [placeholder(schema.items, what, [])];
    case "object":
      return {};
  }
  if (schema?.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (schema?.format === "date") return "2024-01-31";
  if (schema?.format === "date-time") return "2024-01-31T12:00:00Z";
  return "string";
}
