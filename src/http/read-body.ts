/**
 * Reading a body with a limit, as text in the charset its Content-Type
 * declares (UTF-8 when it declares none). Sizes are counted on the bytes the
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
 * How bytes that are not text in the body's charset are met: `"strict"` throws
 * `UndecodableText` (for data: a 2xx answer, a webhook), `"lenient"` shows them as
 * U+FFFD and reads a charset this runtime lacks as UTF-8 (for an error body, which
 * only feeds an error's message).
 */
export type Decoding = "strict" | "lenient";

/** A body's bytes are not text in its declared charset, or the charset is one this runtime cannot decode. */
export class UndecodableText extends Error {
  /**
   * @param charset as the Content-Type declares it, lower-cased ("utf-8" when it declares none), at most 40 characters
   * @param unknownCharset true when this runtime's TextDecoder does not know it; false when the bytes broke it
   */
  constructor(
    readonly charset: string,
    readonly unknownCharset: boolean,
  ) {
    // Its readers word the refusal (check/answer.ts, webhooks/handler.ts): the message only names the charset.
    super(charset);
  }
}

/**
 * Reads at most `limit` bytes of the body of a `Response` (or `Request`) as
 * text in its declared charset, then cancels the stream: what lies beyond is
 * never read, and at most one chunk is held besides the text. A character
 * split across two chunks is decoded whole.
 */
export async function readText(
  message: { readonly body: ReadableStream<Uint8Array> | null; readonly headers: Headers },
  limit: number,
  decoding: Decoding,
): Promise<BoundedText> {
  const { body } = message;
  if (body === null) return { text: "", over: false };
  const reader = body.getReader();
  let text = "";
  let size = 0;
  try {
    const decode = textDecoder(message.headers.get("content-type"), decoding);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decode(), over: false };
      size += value.byteLength;
      if (size > limit) {
        // Keep what fits, for an error body's head, less a character the cut splits; drop the connection rather than read on.
        void reader.cancel().catch(() => undefined);
        return { text: text + decode(value.subarray(0, value.byteLength - (size - limit)), true), over: true };
      }
      text += decode(value, true);
    }
  } catch (err) {
    // Undecodable: nothing more of the body is wanted.
    if (err instanceof UndecodableText) void reader.cancel().catch(() => undefined);
    throw err;
  }
}

/**
 * A streaming decoder (`stream` true for a chunk that more may follow) for the charset `contentType`
 * declares; strict, it throws `UndecodableText` for bytes that break it, or for a charset this runtime
 * lacks (workerd knows few).
 */
export function textDecoder(contentType: string | null | undefined, decoding: Decoding): (bytes?: Uint8Array, stream?: boolean) => string {
  const charset = declaredCharset(contentType);
  const fatal = decoding === "strict";
  let decoder: { decode(bytes?: Uint8Array, options?: { stream: boolean }): string };
  try {
    decoder = new TextDecoder(charset, { fatal });
  } catch {
    // RangeError: a label this runtime's TextDecoder does not know.
    if (fatal) throw new UndecodableText(charset, true);
    decoder = new TextDecoder();
  }
  return (bytes, stream = false) => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw new UndecodableText(charset, false);
    }
  };
}

/** The `charset` parameter of a Content-Type, lower-cased and unquoted, at most 40 characters; "utf-8" (JSON's only encoding, RFC 8259) when there is none. */
export function declaredCharset(contentType: string | null | undefined): string {
  // One pass, no nested repetition: linear in the header's length.
  return /;\s*charset\s*=\s*"?([^";\s]{1,40})/i.exec(contentType ?? "")?.[1]?.toLowerCase() ?? "utf-8";
}

/** `contentType` for a body re-encoded as UTF-8 (text handed on in a new `Response`): its charset, if it names one, becomes utf-8. */
export function utf8ContentType(contentType: string): string {
  return contentType.replace(/;\s*charset\s*=\s*("[^"]*"|[^;]*)/i, "; charset=utf-8");
}
