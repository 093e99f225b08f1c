/**
 * Bounded reads of a body as UTF-8 (lenient: as error bodies are read; strict reading is test/hostile/charset.test.ts's): a character split across chunks comes out whole, a body of exactly
 * the limit is not "over", and past the limit the head is kept and the stream cancelled, unread.
 */
import { describe, expect, it } from "vitest";
import { declaredCharset, readText, textDecoder, UndecodableText, utf8ContentType } from "../../src/http/read-body.js";
import { createThuliumClient } from "../../src/index.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A body giving `chunks` one per read, counting the reads asked of it and whether it was cancelled. */
function chunked(chunks: Uint8Array[]) {
  const seen = { pulls: 0, cancelled: false };
  let next = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulls++;
        const chunk = chunks[next++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { message: { body, headers: new Headers() }, seen };
}

/** The UTF-8 bytes of `text` cut at the byte offsets `at`. */
function split(text: string, ...at: number[]): Uint8Array[] {
  const bytes = utf8(text);
  return [0, ...at].map((start, i) => bytes.slice(start, at[i] ?? bytes.length));
}

describe("readText", () => {
  it("reads no body as empty text", async () => {
    expect(await readText(new Response(null), 10, "lenient")).toStrictEqual({ text: "", over: false });
    expect(await readText({ body: null, headers: new Headers() }, 0, "lenient")).toStrictEqual({ text: "", over: false });
  });

  it("keeps a Polish ł whole when its two bytes come in two chunks", async () => {
    // "Paweł": ł is C5 82, bytes 4 and 5.
    const { message } = chunked(split("Paweł Zażółć", 5));
    expect(await readText(message, 1024, "lenient")).toStrictEqual({ text: "Paweł Zażółć", over: false });
  });

  it("keeps a four-byte character whole when it comes one byte a chunk", async () => {
    const { message } = chunked(split("a😀b", 1, 2, 3, 4, 5));
    expect(await readText(message, 1024, "lenient")).toStrictEqual({ text: "a😀b", over: false });
  });

  it("shows a character the body breaks off inside as U+FFFD, once", async () => {
    const { message } = chunked([utf8("ok "), Uint8Array.of(0xc5)]);
    expect(await readText(message, 1024, "lenient")).toStrictEqual({ text: "ok \uFFFD", over: false });
  });

  it("reads a body of exactly the limit in full, and is not over", async () => {
    expect(await readText(new Response("0123456789"), 10, "lenient")).toStrictEqual({ text: "0123456789", over: false });
    const { message } = chunked(split("0123456789", 4, 7));
    expect(await readText(message, 10, "lenient")).toStrictEqual({ text: "0123456789", over: false });
  });

  it("keeps the first `limit` bytes of a longer body, says it was over, and cancels the rest unread", async () => {
    const { message, seen } = chunked([utf8("abc"), utf8("def"), utf8("ghi"), utf8("jkl")]);
    expect(await readText(message, 5, "lenient")).toStrictEqual({ text: "abcde", over: true });
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBe(2);
    const one = chunked([utf8("0123456789A")]);
    expect(await readText(one.message, 10, "lenient")).toStrictEqual({ text: "0123456789", over: true });
    expect(one.seen.cancelled).toBe(true);
  });

  it("keeps a character split across chunks whole in the head of a body over its limit", async () => {
    const { message } = chunked(split("Paweł Zażółć", 5));
    expect(await readText(message, 8, "lenient")).toStrictEqual({ text: "Paweł Z", over: true });
  });

  it("counts bytes, not characters", async () => {
    // 6 characters, 9 bytes.
    expect(await readText(new Response("żółw!!"), 8, "lenient")).toStrictEqual({ text: "żółw!", over: true });
    expect(await readText(new Response("żółw!!"), 9, "lenient")).toStrictEqual({ text: "żółw!!", over: false });
  });

  it("reads a Request's body too (the webhook receiver)", async () => {
    const request = new Request("http://127.0.0.1/hook", { method: "POST", body: "Łódź" });
    expect(await readText(request, 100, "lenient")).toStrictEqual({ text: "Łódź", over: false });
  });
});

describe("an answer whose Polish text comes split across chunks", () => {
  it("reaches the caller whole", async () => {
    const page = JSON.stringify({
      count: 1,
      result: [
        {
          chat_queue_id: 3,
          client_email: "pawel@example.org",
          client_name: "Paweł Gałązka",
          customer_id: 2,
          conversation_id: "6ed7c941-2c8a-411e-95d2-338a9f64800a",
          created_at: "2017-12-11 10:23:04.318",
          closed_at: "2017-12-11 11:21:05.221",
          status: "CLOSED",
          user_login: "jkowalski",
        },
      ],
    });
    const at = utf8(page.slice(0, page.indexOf("ł"))).length + 1;
    const thulium = createThuliumClient({
      system: "acme",
      username: "u",
      password: "p",
      validateResponses: "throw",
      fetch: async () => new Response(chunked(split(page, at)).message.body, { status: 200, headers: { "content-type": "application/json" } }),
    });
    const chats = await thulium.listChats();
    expect(chats.result[0]?.client_name).toBe("Paweł Gałązka");
  });
});

describe("readText in its declared charset", () => {
  const latin2 = Uint8Array.of(0xa3, 0x75, 0x6b, 0x61, 0x73, 0x7a); // "Łukasz" in ISO-8859-2
  const typed = (chunks: Uint8Array[], contentType: string) => {
    const { message, seen } = chunked(chunks);
    return { message: { body: message.body, headers: new Headers({ "content-type": contentType }) }, seen };
  };

  it("decodes the charset the Content-Type names, strictly or not", async () => {
    for (const decoding of ["strict", "lenient"] as const) {
      const { message } = typed([latin2], 'application/json; charset="ISO-8859-2"');
      expect(await readText(message, 100, decoding)).toStrictEqual({ text: "Łukasz", over: false });
    }
  });

  it("strict: refuses bytes that are not text in it, naming the charset, and cancels the rest unread", async () => {
    const { message, seen } = typed([latin2, utf8("more"), utf8("and more")], "application/json");
    const err = await readText(message, 100, "strict").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndecodableText);
    expect(err).toMatchObject({ charset: "utf-8", unknownCharset: false });
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBe(1);
  });

  it("strict: refuses a charset this runtime's TextDecoder does not know, before reading a byte", async () => {
    const { message, seen } = typed([utf8("{}")], "application/json; charset=x-klingon");
    const err = await readText(message, 100, "strict").catch((e: unknown) => e);
    expect(err).toMatchObject({ charset: "x-klingon", unknownCharset: true });
    expect(seen.pulls).toBe(0);
  });

  it("lenient: reads an unknown charset as UTF-8, and bytes that break it as U+FFFD", async () => {
    expect(await readText(typed([utf8("żółw")], "text/plain; charset=x-klingon").message, 100, "lenient")).toStrictEqual({ text: "żółw", over: false });
    const { message, seen } = typed([latin2], "text/plain");
    expect(await readText(message, 100, "lenient")).toStrictEqual({ text: "\uFFFDukasz", over: false });
    expect(seen.cancelled).toBe(false);
  });

  it("passes on a failure of the stream itself as it came, without cancelling it", async () => {
    const boom = new Error("socket hang up");
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(boom);
      },
    });
    await expect(readText({ body, headers: new Headers() }, 100, "strict")).rejects.toBe(boom);
  });
});

describe("declaredCharset", () => {
  it.each([
    ["application/json", "utf-8"],
    [null, "utf-8"],
    [undefined, "utf-8"],
    ["application/json; charset=", "utf-8"],
    ["text/plain;charset=ISO-8859-2", "iso-8859-2"],
    ["text/plain;  charset=Windows-1250", "windows-1250"],
    ['application/json; charset="ISO-8859-2"', "iso-8859-2"],
    ["application/json; q=1; Charset = windows-1250 ; x=y", "windows-1250"],
    [`text/plain; charset=${"x".repeat(50)}`, "x".repeat(40)],
  ])("of %j is %j", (contentType, charset) => {
    expect(declaredCharset(contentType)).toBe(charset);
  });
});

describe("utf8ContentType", () => {
  it.each([
    ["application/json; charset=iso-8859-2", "application/json; charset=utf-8"],
    ['application/json; charset="iso-8859-2"; q=1', "application/json; charset=utf-8; q=1"],
    ["text/plain;charset=iso-8859-2", "text/plain; charset=utf-8"],
    ["text/plain;  charset = iso-8859-2", "text/plain; charset=utf-8"],
    ['application/json; charset="a;b"', "application/json; charset=utf-8"],
    ["application/json", "application/json"],
  ])("makes %j %j", (given, made) => {
    expect(utf8ContentType(given)).toBe(made);
  });
});

describe("a limit that cuts a character in two", () => {
  it("keeps the text before it, in either mode: the cut is the limit's, not the body's", async () => {
    // "Paweł": ł is bytes 5 and 6; a limit of 5 cuts it.
    for (const decoding of ["strict", "lenient"] as const) {
      expect(await readText(new Response("Paweł Zażółć"), 5, decoding), decoding).toStrictEqual({ text: "Pawe", over: true });
    }
  });
});

describe("textDecoder", () => {
  it("keeps a character across calls made with stream, and flushes it at the end", () => {
    const decode = textDecoder("text/plain; charset=utf-8", "strict");
    const bytes = utf8("ł");
    expect(decode(bytes.subarray(0, 1), true)).toBe("");
    expect(decode(bytes.subarray(1), true)).toBe("ł");
    expect(decode()).toBe("");
  });

  it("strict, refuses a character cut short at the end", () => {
    const decode = textDecoder(null, "strict");
    expect(decode(utf8("ł").subarray(0, 1), true)).toBe("");
    expect(() => decode()).toThrow(UndecodableText);
  });
});
