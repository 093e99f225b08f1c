/**
 * `parseChatWebhook`: checks a chat webhook's payload against the spec's
 * `webhooks` (through the generated table) and returns it typed, as a union
 * discriminated on `action`. JSON nested deeper than `MAX_JSON_DEPTH` is
 * refused before anything walks it.
 */

import { checkSchema, describeValue, quote } from "../check/checker.js";
import { jsonTextTooDeep, jsonValueTooDeep, MAX_JSON_DEPTH } from "../check/json-depth.js";
import { ThuliumInputError } from "../errors/thulium-errors.js";
import type { webhooks as WebhookTypes } from "../generated/schema.js";
import { type WebhookAction, webhooks } from "../generated/webhooks.js";

type PayloadOf<W> = W extends { post: { requestBody?: infer R } } ? (NonNullable<R> extends { content: { "application/json": infer B } } ? B : never) : never;

/** Any chat webhook payload; narrow it with `switch (payload.action)`. */
export type ChatWebhook = { [K in keyof WebhookTypes]: PayloadOf<WebhookTypes[K]> }[keyof WebhookTypes];
export type ChatWebhookAction = WebhookAction;
/** The payload of one action, e.g. `ChatWebhookOf<"CHAT_AGENT_ASSIGNED">`. */
export type ChatWebhookOf<A extends ChatWebhookAction> = Extract<ChatWebhook, { action: A }>;

const actions = Object.keys(webhooks) as ChatWebhookAction[];

/**
 * A delivery whose `action` the spec does not know: another Thulium
 * section's event sent to the same URL. Nothing but `action` is checked.
 */
export interface UnknownChatWebhook {
  readonly action: string;
  readonly [field: string]: unknown;
}

/** What a delivery holds: a chat webhook of the spec, checked, or an event whose action it does not know. */
export type WebhookDelivery = { readonly known: true; readonly event: ChatWebhook } | { readonly known: false; readonly event: UnknownChatWebhook };

/** What may be an action the spec does not describe: a name, not any text. */
const ACTION_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * `body` is the parsed JSON (e.g. from `express.json()`), or the raw text or
 * bytes of the request (bytes are read as UTF-8, and refused when they are
 * not: decode a body in another charset first). Fields the spec does not declare are kept. Throws
 * ThuliumInputError whose `field` names the first field at fault, and on an
 * `action` the spec does not know.
 */
export function parseChatWebhook(body: unknown): ChatWebhook {
  const delivery = readWebhookDelivery(body);
  if (!delivery.known) throw actionError(delivery.event.action);
  return delivery.event;
}

/** `parseChatWebhook`, but an event whose `action` is a name the spec does not know is returned unchecked rather than refused. */
export function readWebhookDelivery(body: unknown): WebhookDelivery {
  const payload = typeof body === "string" || body instanceof Uint8Array ? parseJson(body) : body;
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ThuliumInputError(`chat webhook: the payload must be a JSON object, got ${describeValue(payload)}`);
  }
  // Raw JSON was bounded before it was parsed; a body parser's result is walked once, within the bound, before anything reads it.
  if (payload === body && jsonValueTooDeep(payload)) throw tooDeep();
  return readPayload(payload as Record<string, unknown>);
}

function readPayload(fields: Record<string, unknown>): WebhookDelivery {
  const action = fields.action;
  if (typeof action !== "string" || !(actions as string[]).includes(action)) {
    if (typeof action === "string" && ACTION_NAME.test(action)) return { known: false, event: fields as UnknownChatWebhook };
    throw actionError(action);
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
  return { known: true, event: fields as ChatWebhook };
}

function actionError(action: unknown): ThuliumInputError {
  return new ThuliumInputError(
    `chat webhook: "action" must be one of ${actions.join(", ")}, got ${action === undefined ? "nothing" : typeof action === "string" ? quote(action) : describeValue(action)}`,
    "action",
  );
}

/** Raw bytes as UTF-8, JSON's only encoding: bytes that are not UTF-8 are refused, never read as U+FFFD. */
function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ThuliumInputError("chat webhook: the payload is not valid UTF-8 text; decode a body in another charset before passing it");
  }
}

function tooDeep(): ThuliumInputError {
  return new ThuliumInputError(`chat webhook: the payload nests deeper than ${MAX_JSON_DEPTH} levels, which no webhook does`);
}

function parseJson(raw: string | Uint8Array): unknown {
  const text = typeof raw === "string" ? raw : utf8(raw);
  if (jsonTextTooDeep(text)) throw tooDeep();
  try {
    return JSON.parse(text);
  } catch {
    throw new ThuliumInputError("chat webhook: the payload is not valid JSON");
  }
}
