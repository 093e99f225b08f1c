/**
 * Checked by `tsc --noEmit` (npm run typecheck), never run: wrong calls must not compile.
 * Each @ts-expect-error fails the type check if the line below it becomes valid.
 */
import { createThuliumClient, type OperationParams, type OperationResult } from "../../src/index.js";

const thulium = createThuliumClient({ system: "acme", username: "u", password: "p" });
const id = "6ed7c941-2c8a-411e-95d2-338a9f64800a";

export async function wrongCalls() {
  // @ts-expect-error a misspelled operation
  await thulium.stopChatConversaton({ id });
  // @ts-expect-error the id is missing
  await thulium.stopChatConversation({});
  // @ts-expect-error the params object is missing
  await thulium.stopChatConversation();
  // @ts-expect-error a number for id
  await thulium.stopChatConversation({ id: 42 });
  // @ts-expect-error a parameter the operation does not have
  await thulium.stopChatConversation({ id, text: "hello" });
  // @ts-expect-error an unknown call option
  await thulium.stopChatConversation({ id }, { retries: 3 });
}

export async function rightCalls() {
  const ended: undefined = await thulium.stopChatConversation({ id });
  await thulium.stopChatConversation({ id, external_chatbot_id: "bot" }, { timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });
  const params: OperationParams<"stopChatConversation"> = { id };
  const result: OperationResult<"stopChatConversation"> = undefined;
  const raw = await thulium.api.POST("/chat_conversations/{id}/stop", { params: { path: { id } } });
  return [ended, params, result, raw.response.status];
}
