/**
 * Reading an answer's body with a limit. Sizes are counted on the bytes the
 * body stream gives, which `fetch` has already decompressed, so a small
 * compressed answer that inflates to gigabytes stops at the limit.
 */

/** The text of at most `limit` bytes of a body, and whether more followed. */
export interface BoundedText {
  text: string;
  /** The body held more than the limit; the rest was not read. */
  over: boolean;
}

/**
 * Reads at most `limit` bytes of the body of a `Response` (or `Request`) as
 * UTF-8 text, then cancels the stream: what lies beyond is never read, and at
 * most one chunk is held besides the text.
 */
export async function readText(message: { readonly body: ReadableStream<Uint8Array> | null }, limit: number): Promise<BoundedText> {
  const { body } = message;
  if (body === null) return { text: "", over: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), over: false };
    size += value.byteLength;
    if (size > limit) {
      // Keep what fits, for an error body's head; drop the connection rather than read on.
      void reader.cancel().catch(() => undefined);
      return { text: text + decoder.decode(value.subarray(0, value.byteLength - (size - limit))), over: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}
