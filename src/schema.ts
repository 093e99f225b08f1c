// The generated types only, for teams that consume just the types: `thulium-chat-client/schema`.
export type * from "./generated/schema.js";
// The chat webhook payloads, as one union discriminated on `action` (derived from `webhooks` above).
export type { ChatWebhook, ChatWebhookAction, ChatWebhookOf } from "./webhooks/parse.js";

// Loaded at run time, this entry has nothing to give: say so, rather than let Node answer
// ERR_PACKAGE_PATH_NOT_EXPORTED, which reads as if the package were broken. Bundlers drop an unused
// import of it (`sideEffects: false`), and `import type` never loads it.
throw new Error(
  'thulium-chat-client/schema holds TypeScript types only (components, operations, paths, webhooks, ChatWebhook): import them with `import type { ... } from "thulium-chat-client/schema"`; the client itself is "thulium-chat-client"',
);
