/**
 * `thulium.iterateChats(params)`: every chat matching `params`, across pages
 * of `GET /chats`. Ends at `count`, at an empty page, or at `maxItems`, and
 * stops with an error instead of looping when the server repeats a page.
 */
import type { CallOptions, OperationParams, OperationResult, ThuliumCoreClient } from "./core.js";
import { ThuliumError, ThuliumInputError } from "./errors.js";
import { listChats } from "./generated/operations.js";

export type Chat = OperationResult<"listChats">["result"][number];
/** The filters of `listChats`; the iterator sets `limit` and `offset` itself. */
export type IterateChatsParams = Omit<OperationParams<"listChats">, "limit" | "offset">;
export interface IterateChatsOptions extends CallOptions {
  /** Stop after this many chats. Default: all of them. */
  maxItems?: number;
}

/** The largest page the spec allows. */
const PAGE_SIZE = listChats.parameters.find((p) => p.name === "limit")?.schema.maximum ?? 100;

export async function* iterateChats(
  listChats: ThuliumCoreClient["listChats"],
  params: IterateChatsParams = {},
  options: IterateChatsOptions = {},
): AsyncGenerator<Chat, void, undefined> {
  const { maxItems = Number.POSITIVE_INFINITY, ...callOptions } = options;
  if (maxItems !== Number.POSITIVE_INFINITY && (typeof maxItems !== "number" || !Number.isSafeInteger(maxItems) || maxItems < 0)) {
    throw new ThuliumInputError(`iterateChats: maxItems must be a whole number of 0 or more, got ${String(maxItems)}`, "maxItems", "listChats");
  }
  for (const name of ["limit", "offset"]) {
    if (params && typeof params === "object" && name in params) {
      throw new ThuliumInputError(`iterateChats: "${name}" is set by the iterator; call listChats to read one page`, name, "listChats");
    }
  }
  // Chats already yielded: a chat that moves across a page boundary while paging is not yielded twice.
  const seen = new Set<string>();
  let yielded = 0;
  let offset = 0;
  while (yielded < maxItems) {
    const page = await listChats({ ...params, limit: PAGE_SIZE, offset }, callOptions);
    if (!page || typeof page !== "object" || !Array.isArray(page.result) || typeof page.count !== "number") {
      throw new ThuliumError(`listChats returned a page without a "count" number and a "result" array at offset ${offset}`, { operationId: "listChats" });
    }
    if (page.result.length === 0) return;
    let fresh = 0;
    for (const chat of page.result) {
      const id = (chat as { conversation_id?: unknown } | null)?.conversation_id;
      if (typeof id === "string") {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      fresh++;
      yield chat;
      if (++yielded >= maxItems) return;
    }
    if (fresh === 0) {
      throw new ThuliumError(
        `listChats returned only chats already seen at offset ${offset} (the server seems to ignore offset); iterateChats stopped instead of looping`,
        { operationId: "listChats" },
      );
    }
    offset += page.result.length;
    if (offset >= page.count) return;
  }
}
