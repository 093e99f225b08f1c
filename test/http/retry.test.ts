/**
 * What is sent again and after how long: the back-off (0.5 s doubling, 8 s cap, up to 25 % jitter), the
 * server's `Retry-After` (seconds or an HTTP date, honoured up to 60 s), and which failures prove that a
 * request never left. Seen through a call (the logger's `retryDelayMs`, requests counted, fake timers for
 * the waits), and on the exported functions.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { backoffMs, isCertificateError, isRetryableStatus, neverReachedServer, retryAfterMs, retryDelayMs } from "../../src/http/retry.js";
import { type AttemptEvent, createThuliumClient, ThuliumAbortError, type ThuliumClientOptions, ThuliumConnectionError } from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { reply as answer } from "../fake-thulium/answers.js";
import { type FakeThulium as FaultServer, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const START = { chat_queue_id: 3, client_name: "Jan" };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A logger keeping each attempt's event. */
function recordingLogger(onEvent: (event: AttemptEvent) => void = () => {}) {
  const events: AttemptEvent[] = [];
  const keep = (event: AttemptEvent) => {
    events.push(event);
    onEvent(event);
  };
  return { events, logger: { debug: keep, info: keep, warn: keep, error: keep } };
}

/** A socket error as undici reports it: `fetch failed`, the system error in `cause`. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}
const systemError = (code: string, address = "127.0.0.1") => Object.assign(new Error(`connect ${code} ${address}:443`), { code, address });

describe("a call against a server asking to wait (Retry-After)", () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  /** The delay the client announces before its first retry of listChats; the call is then cancelled, so nothing waits. */
  async function firstRetryDelay(retryAfter: string | undefined): Promise<number | undefined> {
    server.answer(answer(503, "", retryAfter === undefined ? {} : { "retry-after": retryAfter }));
    const controller = new AbortController();
    const { events, logger } = recordingLogger((event) => {
      if (event.retryDelayMs !== undefined) controller.abort();
    });
    const thulium = createThuliumClient({ baseUrl: server.url, username: "u", password: "p", logger });
    const err = await failure(thulium.listChats({}, { signal: controller.signal }));
    expect(err).toBeInstanceOf(ThuliumAbortError);
    expect(server.requests).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ operationId: "listChats", attempt: 1, status: 503 });
    return events[0]?.retryDelayMs;
  }

  it("waits the seconds asked: Retry-After: 10 is 10 000 ms", async () => {
    expect(await firstRetryDelay("10")).toBe(10_000);
  });

  it("honours up to 60 s, and falls back to the back-off past it: Retry-After: 3600 does not stall a call for an hour", async () => {
    expect(await firstRetryDelay("60")).toBe(60_000);
    for (const tooLong of ["61", "3600"]) {
      const delay = await firstRetryDelay(tooLong);
      expect(delay).toBeGreaterThanOrEqual(375);
      expect(delay).toBeLessThanOrEqual(500);
    }
  });

  it("reads Retry-After given as an HTTP date, against the clock", async () => {
    // An HTTP date has whole seconds: the time left is measured from when the client read it, between these two.
    const date = Math.floor((Date.now() + 10_000) / 1000) * 1000;
    const before = Date.now();
    const delay = await firstRetryDelay(new Date(date).toUTCString());
    const after = Date.now();
    expect(delay).toBeGreaterThanOrEqual(date - after);
    expect(delay).toBeLessThanOrEqual(date - before);
    const passed = await firstRetryDelay(new Date(Date.now() - 60_000).toUTCString());
    expect(passed).toBe(0);
  });

  it("backs off when Retry-After is absent or unreadable", async () => {
    for (const header of [undefined, "soon", "10 s"]) {
      const delay = await firstRetryDelay(header);
      expect(delay, header).toBeGreaterThanOrEqual(375);
      expect(delay, header).toBeLessThanOrEqual(500);
    }
  });
});

describe("a call that is retried (fake timers)", () => {
  /** A client whose fetch answers each request with the next of `answers` (the last repeats). */
  function scripted(answers: Array<() => Response | Promise<Response>>, options: Partial<ThuliumClientOptions> = {}) {
    const recorded = recordingLogger();
    let calls = 0;
    const thulium = createThuliumClient({
      system: "acme",
      username: "u",
      password: "p",
      logger: recorded.logger,
      fetch: async () => (answers[Math.min(calls++, answers.length - 1)] as () => Response)(),
      ...options,
    });
    return { thulium, events: recorded.events, calls: () => calls };
  }
  const status503 = () => new Response("", { status: 503 });

  it("backs off 0.5 s, 1 s, 2 s, 4 s, then 8 s at most, and waits each delay in full", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { thulium, events, calls } = scripted([status503]);
    const result = failure(thulium.listChats({}, { maxRetries: 6 }));
    const expected = [500, 1000, 2000, 4000, 8000, 8000];
    for (const [i, delay] of expected.entries()) {
      await vi.advanceTimersByTimeAsync(0);
      expect(calls()).toBe(i + 1);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(calls(), `still waiting ${delay} ms before attempt ${i + 2}`).toBe(i + 1);
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(await result).toMatchObject({ status: 503, attempts: 7 });
    expect(events.map((e) => e.retryDelayMs)).toEqual([...expected, undefined]);
  });

  it("takes up to a quarter off each back-off (jitter), never adds to it", async () => {
    vi.useFakeTimers();
    const random = vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const { thulium, events } = scripted([status503]);
    const result = failure(thulium.listChats({}, { maxRetries: 5 }));
    await vi.runAllTimersAsync();
    await result;
    expect(events.map((e) => e.retryDelayMs)).toEqual([375, 750, 1500, 3000, 6000, undefined]);
    random.mockReturnValue(0.5);
    const half = scripted([status503]);
    const second = failure(half.thulium.listChats({}, { maxRetries: 2 }));
    await vi.runAllTimersAsync();
    await second;
    expect(half.events.map((e) => e.retryDelayMs)).toEqual([438, 875, undefined]);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])("sends startChatConversation again after %s: the request never left", async (code) => {
    vi.useFakeTimers();
    const { thulium, events, calls } = scripted([
      () => Promise.reject(fetchFailed(systemError(code))),
      () => new Response(JSON.stringify({ conversation_id: ID }), { status: 200, headers: { "content-type": "application/json" } }),
    ]);
    const result = thulium.startChatConversation(START);
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ conversation_id: ID });
    expect(calls()).toBe(2);
    expect(events[0]?.error).toContain(code);
  });

  it("sends startChatConversation again after a connect that failed on every address (an AggregateError)", async () => {
    vi.useFakeTimers();
    const everyAddress = new AggregateError([systemError("ECONNREFUSED", "127.0.0.1"), systemError("ECONNREFUSED", "::1")], "connect failed");
    const { thulium, calls } = scripted([
      () => Promise.reject(fetchFailed(everyAddress)),
      () => new Response(JSON.stringify({ conversation_id: ID }), { status: 200, headers: { "content-type": "application/json" } }),
    ]);
    const result = thulium.startChatConversation(START);
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ conversation_id: ID });
    expect(calls()).toBe(2);
  });

  it.each([
    ["a reset (ECONNRESET)", fetchFailed(systemError("ECONNRESET"))],
    ["a connect refused on one address and timed out on another", fetchFailed(new AggregateError([systemError("ECONNREFUSED"), systemError("ETIMEDOUT")]))],
  ])("does not send startChatConversation again after %s: it may have started a conversation", async (_what, error) => {
    vi.useFakeTimers();
    const { thulium, calls } = scripted([() => Promise.reject(error)]);
    const result = failure(thulium.startChatConversation(START));
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ name: "ThuliumConnectionError", attempts: 1 });
    expect(calls()).toBe(1);
  });
});

describe("backoffMs", () => {
  it("doubles from 0.5 s and stops at 8 s, when the jitter takes nothing", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("takes off up to 25 %, rounded to the millisecond", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect([1, 2, 5, 6].map(backoffMs)).toEqual([438, 875, 7000, 7000]);
  });

  it("stays between 75 % and 100 % of the full delay", () => {
    for (let i = 0; i < 200; i++) {
      const retry = 1 + (i % 6);
      const full = Math.min(500 * 2 ** (retry - 1), 8000);
      const delay = backoffMs(retry);
      expect(delay).toBeGreaterThanOrEqual(full * 0.75);
      expect(delay).toBeLessThanOrEqual(full);
    }
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  it("reads whole and fractional seconds, rounding up so that the wait is never shorter than asked", () => {
    expect(["0", "1", "10", "60", "3600", " 10 ", "1.5", "0.0001"].map((v) => retryAfterMs(v, now))).toEqual([
      0, 1000, 10_000, 60_000, 3_600_000, 10_000, 1500, 1,
    ]);
  });

  it("reads an HTTP date as the time left until it, and a date passed as no wait", () => {
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 08:28:00 GMT", now)).toBe(3_600_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
  });

  it("is undefined when absent, empty or unreadable", () => {
    for (const value of [null, undefined, "", "   ", "soon", "x10", "10abc", "1x5", "1e3"]) expect(retryAfterMs(value, now), String(value)).toBeUndefined();
  });

  it('reads the other HTTP date forms, and takes no other text for a date (JavaScript\'s Date.parse reads "1,5" as 2001)', () => {
    expect(retryAfterMs("Wednesday, 21-Oct-15 07:28:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("Wed Oct 21 07:28:10 2015", now)).toBe(10_000 - new Date(now).getTimezoneOffset() * 60_000);
    for (const value of ["-1", "1,5", "in 5", "1.", ".5", "+5", "1 2", "2015-10-21T07:28:10Z"]) expect(retryAfterMs(value, now), value).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  it("is the server's Retry-After up to 60 s, in seconds or as a date", () => {
    expect(retryDelayMs(1, "0", now)).toBe(0);
    expect(retryDelayMs(1, "10", now)).toBe(10_000);
    expect(retryDelayMs(3, "60", now)).toBe(60_000);
    expect(retryDelayMs(1, "Wed, 21 Oct 2015 07:28:10 GMT", now)).toBe(10_000);
  });

  it("is the back-off of that retry when Retry-After is absent, unreadable or asks for more than 60 s", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(retryDelayMs(1, null, now)).toBe(500);
    expect(retryDelayMs(3, "soon", now)).toBe(2000);
    expect(retryDelayMs(2, "61", now)).toBe(1000);
    expect(retryDelayMs(5, "3600", now)).toBe(8000);
    expect(retryDelayMs(1, "Wed, 21 Oct 2015 08:28:00 GMT", now)).toBe(500);
  });
});

describe("isRetryableStatus", () => {
  it("retries 408, 429 and 500, 502, 503, 504 of an operation safe to repeat", () => {
    const retried = [400, 401, 403, 404, 408, 409, 422, 429, 500, 501, 502, 503, 504, 505].filter((s) => isRetryableStatus(s, true));
    expect(retried).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it("retries only 429 of any other operation: it says the request was not processed", () => {
    const retried = [400, 408, 429, 500, 502, 503, 504].filter((s) => isRetryableStatus(s, false));
    expect(retried).toEqual([429]);
  });
});

describe("neverReachedServer", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])("is true for %s, in a fetch failure's cause or bare", (code) => {
    expect(neverReachedServer(fetchFailed(systemError(code)))).toBe(true);
    expect(neverReachedServer(systemError(code))).toBe(true);
  });

  it("is false for an error after the request may have left, or of no known kind", () => {
    for (const code of ["ECONNRESET", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET", ""]) expect(neverReachedServer(fetchFailed(systemError(code))), code).toBe(false);
    for (const error of [new Error("boom"), fetchFailed(new Error("boom")), "ECONNREFUSED", 42, null, undefined, {}]) {
      expect(neverReachedServer(error), String(error)).toBe(false);
    }
  });

  it("is true for an AggregateError (happy eyeballs) only when every address refused or did not resolve", () => {
    const aggregate = (...codes: string[]) => fetchFailed(new AggregateError(codes.map((code) => systemError(code))));
    expect(neverReachedServer(aggregate("ECONNREFUSED", "ECONNREFUSED"))).toBe(true);
    expect(neverReachedServer(aggregate("ECONNREFUSED", "EAI_AGAIN"))).toBe(true);
    expect(neverReachedServer(aggregate("ECONNREFUSED", "ETIMEDOUT"))).toBe(false);
    expect(neverReachedServer(aggregate("ECONNRESET", "ECONNREFUSED"))).toBe(false);
    expect(neverReachedServer(aggregate())).toBe(false);
    expect(neverReachedServer(fetchFailed(new AggregateError([null, undefined, "ECONNREFUSED"])))).toBe(false);
    expect(neverReachedServer(fetchFailed({ errors: "ECONNREFUSED" }))).toBe(false);
  });
});

// A certificate that failed verification is never retried, whatever the operation; other connection failures are, as before.
/** A failure shaped as `fetch` gives it: a TypeError whose cause carries the socket's code. */
const fetchFailure = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

describe("isCertificateError", () => {
  it.each(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"])(
    "is true for %s, as fetch wraps it",
    (code) => {
      expect(isCertificateError(fetchFailure(code))).toBe(true);
    },
  );

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "UND_ERR_SOCKET", "OUT_OF_MEM"])("is false for %s", (code) => {
    expect(isCertificateError(fetchFailure(code))).toBe(false);
  });

  it("is false for what has no code", () => {
    expect(isCertificateError(new TypeError("fetch failed"))).toBe(false);
    expect(isCertificateError(undefined)).toBe(false);
  });
});

describe("a call whose connection fails", () => {
  const calls = (code: string) => {
    let n = 0;
    const thulium = createThuliumClient({
      baseUrl: "https://acme.example/api",
      username: "u",
      password: "p",
      fetch: async () => {
        n++;
        throw fetchFailure(code);
      },
    });
    return { thulium, count: () => n };
  };

  it("is sent once when the certificate names another host", async () => {
    const { thulium, count } = calls("ERR_TLS_CERT_ALTNAME_INVALID");
    const err = await failure(thulium.listChats({}, { maxRetries: 2 }));
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(err.attempts).toBe(1);
    expect(count()).toBe(1);
  });

  it("is still retried on a reset connection, for an operation safe to repeat", async () => {
    const { thulium, count } = calls("ECONNRESET");
    const err = await failure(thulium.listChats({}, { maxRetries: 1 }));
    expect(err.attempts).toBe(2);
    expect(count()).toBe(2);
  });
});
