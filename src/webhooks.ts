/**
 * `parseChatWebhook`: checks a chat webhook's payload against the spec's
 * `webhooks` (through the generated table) and returns it typed, as a union
 * discriminated on `action`.
 */
import { ThuliumInputError } from "./errors.js";
import type { webhooks as WebhookTypes } from "./generated/schema.js";
import { type WebhookAction, webhooks } from "./generated/webhooks.js";
import { checkSchema } from "./schema-check.js";

type PayloadOf<W> = W extends { post: { requestBody?: infer R } } ? (NonNullable<R> extends { content: { "application/json": infer B } } ? B : never) : never;

/** Any chat webhook payload; narrow it with `switch (payload.action)`. */
export type ChatWebhook = { [K in keyof WebhookTypes]: PayloadOf<WebhookTypes[K]> }[keyof WebhookTypes];
export type ChatWebhookAction = WebhookAction;
/** The payload of one action, e.g. `ChatWebhookOf<"CHAT_AGENT_ASSIGNED">`. */
export type ChatWebhookOf<A extends ChatWebhookAction> = Extract<ChatWebhook, { action: A }>;

const actions = Object.keys(webhooks) as ChatWebhookAction[];

/**
 * `body` is the parsed JSON (e.g. from `express.json()`), or the raw text or
 * bytes of the request. Fields the spec does not declare are kept. Throws
 * ThuliumInputError whose `field` names the first field at fault.
 */
export function parseChatWebhook(body: unknown): ChatWebhook {
  const payload = typeof body === "string" || body instanceof Uint8Array ? parseJson(body) : body;
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ThuliumInputError(
      `chat webhook: the payload must be a JSON object, got ${payload === null ? "null" : Array.isArray(payload) ? "an array" : typeof payload}`,
    );
  }
  const fields = payload as Record<string, unknown>;
  const action = fields.action;
  if (typeof action !== "string" || !(actions as string[]).includes(action)) {
    throw new ThuliumInputError(
      `chat webhook: "action" must be one of ${actions.join(", ")}, got ${action === undefined ? "nothing" : JSON.stringify(action)}`,
      "action",
    );
  }
  const { operationId, fields: spec } = webhooks[action as ChatWebhookAction];
  for (const field of spec) {
    const value = fields[field.name];
    if (value === undefined) {
      if (field.required) throw new ThuliumInputError(`chat webhook ${action}: missing required field "${field.name}"`, field.name, operationId);
      continue;
    }
    const problem = checkSchema(value, field.schema);
    if (problem) throw new ThuliumInputError(`chat webhook ${action}: field "${field.name}" ${problem}`, field.name, operationId);
  }
  return payload as ChatWebhook;
}

function parseJson(raw: string | Uint8Array): unknown {
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  try {
    return JSON.parse(text);
  } catch {
    throw new ThuliumInputError("chat webhook: the payload is not valid JSON");
  }
}
