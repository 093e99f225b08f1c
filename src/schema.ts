// The generated types only, for teams that consume just the types: `thulium-chat-client/schema`.
export type * from "./generated/schema.js";
