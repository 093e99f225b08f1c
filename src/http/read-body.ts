/**
 * Reading an answer's body with a limit, as text in the charset its
 * Content-Type declares (UTF-8 when it declares none). Sizes are counted on
 * the bytes the body stream gives, which `fetch` has already decompressed,
 * so a small compressed answer that inflates to gigabytes stops at the limit.
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
  override name = "UndecodableText";
  /** The charset, lower-cased, as the Content-Type declares it ("utf-8" when it declares none), cut to 40 characters. */
  readonly charset: string;
  /** True when the charset is one this runtime's TextDecoder does not know; false when the bytes broke it. */
  readonly unknownCharset: boolean;
  constructor(declared: string, unknownCharset: boolean) {
    // A label is a few letters; a header may hold kilobytes, which no message repeats.
    const charset = declared.length > 40 ? `${declared.slice(0, 40)}…` : declared;
    super(unknownCharset ? `charset ${JSON.stringify(charset)} is not one this runtime can decode` : `the body is not valid ${charset} text`);
    this.charset = charset;
    this.unknownCharset = unknownCharset;
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
    const decoder = textDecoder(message.headers.get("content-type"), decoding);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), over: false };
      size += value.byteLength;
      if (size > limit) {
        // Keep what fits, for an error body's head, less a character the cut splits; drop the connection rather than read on.
        void reader.cancel().catch(() => undefined);
        return { text: text + decoder.decode(value.subarray(0, value.byteLength - (size - limit)), { stream: true }), over: true };
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (err) {
    // Undecodable: nothing more of the body is wanted.
    if (err instanceof UndecodableText) void reader.cancel().catch(() => undefined);
    throw err;
  }
}

/** What `TextDecoder` does, typed here: this project's lib has no DOM types. */
export interface Decoder {
  decode(bytes?: Uint8Array, options?: { stream: boolean }): string;
}

/** A streaming decoder for the charset `contentType` declares; throws `UndecodableText` (strict) for one this runtime lacks. */
export function textDecoder(contentType: string | null | undefined, decoding: Decoding): Decoder {
  const charset = declaredCharset(contentType);
  const fatal = decoding === "strict";
  let decoder: Decoder;
  try {
    decoder = new TextDecoder(charset, { fatal });
  } catch {
    // RangeError: a label this runtime's TextDecoder does not know (workerd knows few).
    if (fatal) throw new UndecodableText(charset, true);
    decoder = new TextDecoder("utf-8");
  }
  if (!fatal) return decoder;
  return {
    decode(bytes, options) {
      try {
        return decoder.decode(bytes, options);
      } catch {
        throw new UndecodableText(charset, false);
      }
    },
  };
}

/**
 * The `charset` parameter of a Content-Type, lower-cased and unquoted; "utf-8" when there is none
 * (JSON's only encoding, RFC 8259). Split, not matched by a pattern: linear in the header's length.
 */
export function declaredCharset(contentType: string | null | undefined): string {
  for (const param of (contentType ?? "").split(";").slice(1)) {
    const label = charsetOf(param);
    if (label) return label;
  }
  return "utf-8";
}

/** `contentType` for a body re-encoded as UTF-8 (text handed on in a new `Response`): its charset, if it names one, becomes utf-8. */
export function utf8ContentType(contentType: string): string {
  const params = contentType.split(";");
  const kept = params.filter((param, i) => i === 0 || charsetOf(param) === undefined);
  return kept.length === params.length ? contentType : `${kept.join(";")}; charset=utf-8`;
}

/** The label of a `charset=…` parameter, lower-cased and unquoted; undefined for any other parameter. */
function charsetOf(param: string): string | undefined {
  const eq = param.indexOf("=");
  if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== "charset") return undefined;
  const value = param.slice(eq + 1).trim();
  return (value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value).trim().toLowerCase() || undefined;
}
