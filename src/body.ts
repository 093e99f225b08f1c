/**
 * Reading an answer's body with a limit. Sizes are counted on the bytes the
 * body stream gives, which `fetch` has already decompressed, so a small
 * compressed answer that inflates to gigabytes stops at the limit.
 */

/** What was read: the text of at most `limit` bytes, and whether more followed. */
export interface BoundedText {
  text: string;
  /** The body held more than the limit; the rest was not read. */
  over: boolean;
}

const decoder = new TextDecoder();
const EMPTY: BoundedText = Object.freeze({ text: "", over: false });

/**
 * Reads at most `limit` bytes of `response`'s body as UTF-8 text, then cancels
 * the stream: what lies beyond is never buffered. At most one chunk past the
 * limit is held while cutting.
 */
export async function readText(response: Response, limit: number): Promise<BoundedText> {
  const { body } = response;
  if (body === null) return EMPTY;
  const reader = body.getReader();
  let first: Uint8Array | undefined;
  let chunks: Uint8Array[] | undefined;
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Keep what fits, for an error body's head; drop the connection rather than read on.
      const fits = value.subarray(0, value.byteLength - (size - limit));
      void reader.cancel().catch(() => undefined);
      if (first === undefined) return { text: decode(fits, undefined, limit), over: true };
      (chunks ??= [first]).push(fits);
      return { text: decode(first, chunks, limit), over: true };
    }
    if (first === undefined) first = value;
    else (chunks ??= [first]).push(value);
  }
  return first === undefined ? EMPTY : { text: decode(first, chunks, size), over: false };
}

/**
 * Drops a body nobody reads. A short one is read to its end, so that the
 * connection can serve the next request; past `limit` bytes it is cancelled.
 */
export async function discard(response: Response, limit: number): Promise<void> {
  const { body } = response;
  if (body === null || response.headers.get("content-length") === "0") return;
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      return;
    }
  }
}

function decode(first: Uint8Array, chunks: Uint8Array[] | undefined, size: number): string {
  if (chunks === undefined) return decoder.decode(first);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return decoder.decode(all);
}
