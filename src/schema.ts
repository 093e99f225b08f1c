// The generated types only, for teams that consume just the types: `thulium-chat-client/schema`.
export type * from "./generated/schema.js";
// The chat webhook payloads, as one union discriminated on `action` (derived from `webhooks` above).
export type { ChatWebhook, ChatWebhookAction, ChatWebhookOf } from "./webhooks.js";
