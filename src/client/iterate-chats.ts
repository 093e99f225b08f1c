/**
 * `thulium.iterateChats(params)`: every chat matching `params`, across pages
 * of `GET /chats`. Ends at the first page's `count` (or a later, smaller one),
 * at an empty page, or at `maxItems`, and stops with an error instead of
 * looping when the server repeats a page.
 */

import { ThuliumError, ThuliumInputError } from "../errors/thulium-errors.js";
import { listChats } from "../generated/operations.js";
import type { OperationParams, OperationResult, ThuliumCoreClient } from "../operations/method-types.js";
import type { CallOptions } from "./options.js";

export type Chat = OperationResult<"listChats">["result"][number];
/** The filters of `listChats`; the iterator sets `limit` and `offset` itself. */
export type IterateChatsParams = Omit<OperationParams<"listChats">, "limit" | "offset">;
export interface IterateChatsOptions extends CallOptions {
  /** Stop after this many chats. Default: all of them. */
  maxItems?: number;
}

/** The largest page the spec allows. */
const PAGE_SIZE = listChats.parameters.find((p) => p.name === "limit")?.schema.maximum ?? 100;

/**
 * Every chat matching `params`, in pages of 100 with `offset` advancing by what each page held. A live system
 * gains chats while it is read, so the run is bounded by the chats there were when it began: it asks for no
 * page at or past the first page's `count` (nor a later page's, if smaller), and ends at an empty page or after
 * `maxItems` chats. Chats that arrive meanwhile may or may not be among those yielded (Thulium documents no
 * order); a chat shifting across a page boundary is yielded once. Throws a `ThuliumError` rather than loop when
 * a page holds only chats already seen (the server ignores `offset`), or when pages shrink so far that the
 * first count would take more than one page beyond what the first page's size needs.
 */
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
  // The chats of the first page, of the last one and of this one, by conversation_id or, for a chat without
  // one, by its JSON text (an answer nests at most MAX_JSON_DEPTH deep): a chat that moves across a page
  // boundary is not yielded twice, and a page of nothing new (a server that ignores offset and repeats its
  // first page) ends the run. Three pages, not every chat seen: a run over millions of chats holds what three
  // pages hold; maxPages ends any other loop.
  let first: Set<string> | undefined;
  let previous = new Set<string>();
  let yielded = 0;
  let offset = 0;
  let pages = 0;
  // Set by the first page: the chats there were when the run began, its end (chats arriving later are not
  // waited for: a system that gains them for ever would never end), and the most pages those can take at the
  // first page's size, plus one: more means the server's pages shrank, and it is not paging.
  let firstCount = Number.POSITIVE_INFINITY;
  let maxPages = Number.POSITIVE_INFINITY;
  while (yielded < maxItems) {
    if (pages >= maxPages) {
      throw new ThuliumError(
        `listChats served fewer chats per page than its first page did and had not reached its first count (${firstCount}) after ${pages} pages; iterateChats stopped instead of asking for more`,
        { operationId: "listChats" },
      );
    }
    const page = await listChats({ ...params, limit: PAGE_SIZE, offset }, callOptions);
    pages++;
    if (!page || typeof page !== "object" || !Array.isArray(page.result) || typeof page.count !== "number") {
      throw new ThuliumError(`listChats returned a page without a "count" number and a "result" array at offset ${offset}`, { operationId: "listChats" });
    }
    if (page.result.length === 0) return;
    // The page size the server serves, which may be less than the limit asked for.
    if (pages === 1) {
      firstCount = Math.max(0, page.count);
      maxPages = Math.ceil(firstCount / Math.min(PAGE_SIZE, page.result.length)) + 1;
    }
    const current = new Set<string>();
    let fresh = 0;
    for (const chat of page.result) {
      const id = (chat as { conversation_id?: unknown } | null)?.conversation_id;
      const key = typeof id === "string" ? `id ${id}` : `json ${JSON.stringify(chat)}`;
      if (previous.has(key) || current.has(key) || first?.has(key)) continue;
      current.add(key);
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
    first ??= current;
    previous = current;
    offset += page.result.length;
    if (offset >= Math.min(firstCount, page.count)) return;
  }
}
