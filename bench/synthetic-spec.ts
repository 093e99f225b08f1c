/**
 * A synthetic OpenAPI 3.1 spec with `count` operations shaped like the chat
 * ones: a stop (POST, uuid path id, optional JSON body, empty 200/204,
 * x-idempotent), a start (POST, required integer query, 201 JSON body) and a
 * list (GET, optional query filters, 200 JSON array), in turn, each with the
 * shared error responses. Only for measuring how cost grows with the spec.
 */
const ERRORS = {
  "400": { $ref: "#/components/responses/BadRequest" },
  "401": { $ref: "#/components/responses/Unauthorized" },
  "403": { $ref: "#/components/responses/Forbidden" },
  "404": { $ref: "#/components/responses/NotFound" },
  "500": { $ref: "#/components/responses/InternalServerError" },
};

export type Shape = "stop" | "start" | "list";
export const SHAPES: Shape[] = ["stop", "start", "list"];

export function syntheticOperationId(shape: Shape, k: number): string {
  return shape === "stop" ? `stopChatConversation${k}` : shape === "start" ? `startChatConversation${k}` : `listChatConversations${k}`;
}

/** The shape of operation number `i` (0-based) and its per-shape index. */
export function operationAt(i: number): { shape: Shape; k: number } {
  return { shape: SHAPES[i % 3] as Shape, k: Math.floor(i / 3) };
}

function pathItem(shape: Shape, k: number): [string, Record<string, unknown>] {
  const tags = ["Chats"];
  const operationId = syntheticOperationId(shape, k);
  if (shape === "stop") {
    return [
      `/chat_conversations_${k}/{id}/stop`,
      {
        post: {
          operationId,
          summary: `End a chat conversation (${k})`,
          tags,
          "x-idempotent": true,
          parameters: [{ $ref: "#/components/parameters/ConversationId" }, { $ref: "#/components/parameters/AcceptLanguage" }],
          requestBody: {
            required: false,
            content: {
              "application/json": {
                schema: { type: "object", additionalProperties: false, properties: { external_chatbot_id: { type: "string", minLength: 1 } } },
              },
            },
          },
          responses: { "200": { description: "Ended; empty body." }, "204": { description: "Ended." }, ...ERRORS },
        },
      },
    ];
  }
  if (shape === "start") {
    return [
      `/chat_conversations_${k}/start`,
      {
        post: {
          operationId,
          summary: `Start a chat conversation (${k})`,
          tags,
          parameters: [
            { name: "chat_queue_id", in: "query", required: true, description: "Chat queue.", schema: { type: "integer", minimum: 1 } },
            { $ref: "#/components/parameters/AcceptLanguage" },
          ],
          responses: {
            "201": {
              description: "Started.",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["conversation_id"],
                    properties: { conversation_id: { type: "string", format: "uuid" } },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
      },
    ];
  }
  return [
    `/chat_conversations_${k}`,
    {
      get: {
        operationId,
        summary: `List chat conversations (${k})`,
        tags,
        "x-idempotent": true,
        parameters: [
          { name: "date_from", in: "query", required: false, description: "From.", schema: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } },
          { name: "status", in: "query", required: false, description: "Status.", schema: { type: "string", enum: ["open", "closed"] } },
          { name: "limit", in: "query", required: false, description: "Page size.", schema: { type: "integer", minimum: 1, maximum: 100 } },
          { $ref: "#/components/parameters/AcceptLanguage" },
        ],
        responses: {
          "200": {
            description: "The conversations.",
            content: {
              "application/json": {
                schema: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["conversation_id", "status"],
                    properties: { conversation_id: { type: "string", format: "uuid" }, status: { type: "string", enum: ["open", "closed"] } },
                  },
                },
              },
            },
          },
          ...ERRORS,
        },
      },
    },
  ];
}

function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } } };
}

export function syntheticSpec(count: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const { shape, k } = operationAt(i);
    const [path, item] = pathItem(shape, k);
    paths[path] = item;
  }
  return {
    openapi: "3.1.0",
    info: { title: `Synthetic chat API (${count} operations)`, version: "0.0.0" },
    servers: [{ url: "https://{system}.thulium.com/api", variables: { system: { default: "example" } } }],
    security: [{ basicAuth: [] }],
    tags: [{ name: "Chats" }],
    paths,
    components: {
      securitySchemes: { basicAuth: { type: "http", scheme: "basic" } },
      parameters: {
        ConversationId: { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
        AcceptLanguage: { name: "Accept-Language", in: "header", required: false, schema: { type: "string", enum: ["en", "pl"] } },
      },
      schemas: {
        Error: { type: "object", required: ["message", "code"], properties: { message: { type: "string" }, code: { type: "integer" } } },
        ErrorResponse: {
          type: "object",
          required: ["request_id", "errors"],
          properties: { request_id: { type: "string" }, errors: { type: "array", items: { $ref: "#/components/schemas/Error" } } },
        },
      },
      responses: {
        BadRequest: errorResponse("Bad request."),
        Unauthorized: errorResponse("Unauthorized."),
        Forbidden: errorResponse("Forbidden."),
        NotFound: errorResponse("Not found."),
        InternalServerError: errorResponse("Server error."),
      },
    },
  };
}

/** A consumer module calling `calls` of the operations, spread over the spec, and using their types. */
export function consumerSource(count: number, calls: number): string {
  const lines = [
    // The core entry: the full client's iterateChats needs the real spec's listChats.
    `import { createCoreClient, operations } from "./src/core.js";`,
    `const thulium = createCoreClient({ system: "example", username: "u", password: "p" }, operations);`,
    `const id = "6ed7c941-2c8a-411e-95d2-338a9f64800a";`,
    `export async function run(): Promise<string[]> {`,
    `  const out: string[] = [];`,
  ];
  const step = Math.max(1, Math.floor(count / calls));
  for (let n = 0; n < calls; n++) {
    const { shape, k } = operationAt((n * step) % count);
    const op = syntheticOperationId(shape, k);
    if (shape === "stop") lines.push(`  await thulium.${op}({ id });`);
    else if (shape === "start") lines.push(`  out.push((await thulium.${op}({ chat_queue_id: 3 })).conversation_id);`);
    else lines.push(`  for (const c of await thulium.${op}({ status: "open", limit: 10 })) out.push(c.status);`);
  }
  lines.push(`  return out;`, `}`, ``);
  return lines.join("\n");
}
