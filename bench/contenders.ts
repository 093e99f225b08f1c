/**
 * The five contenders, sending the same requests with the same headers:
 *   a: undici.request, hand-built path and headers (the transport floor), in its own process:
 *      bench/contender-undici.ts
 *   b: raw fetch
 *   c: bare openapi-fetch client.POST
 *   d: thulium.<operationId>(params) with default options (validation, timeout, retries on), from
 *      the built package (bench/package-under-test.ts)
 *   e: raw fetch with a timeout: b plus an AbortController and a timer per call, the least that
 *      any client with a per-call timeout adds to fetch (a reference, with no budget of its own)
 */
import createClient from "openapi-fetch";
import { operations } from "../src/generated/operations.js";
import type { paths } from "../src/generated/schema.js";
import type { ClientEntry } from "./package-under-test.js";

export const CONTENDERS = ["a", "b", "c", "d", "e"] as const;
export type Contender = (typeof CONTENDERS)[number];
/** The contenders that run in the bench's own process; (a) has one of its own (bench/contender-undici.ts). */
export type InProcess = Exclude<Contender, "a">;
export const CONTENDER_NAMES: Record<Contender, string> = {
  a: "undici.request",
  b: "fetch",
  c: "openapi-fetch POST",
  d: "thulium client",
  e: "fetch + timeout signal",
};

/** Runs `send` with a signal that aborts after the client's default timeout, as (e) does. */
async function withTimeout<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  timer.unref();
  try {
    return await send(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

export type Workload = "stop" | "start";
export const USERNAME = "bench";
export const PASSWORD = "bench-password";
const QUEUE_ID = 3;

/** Ids cycled through by every contender, so all send the same paths. */
export const IDS = Array.from({ length: 1024 }, () => crypto.randomUUID());

/** Why a workload cannot run in this checkout, or undefined when it can. */
export function missingTarget(workload: Workload): string | undefined {
  if (workload === "start" && !("startChatConversation" in operations)) {
    return "startChatConversation is not in the spec (src/generated/operations.ts) of this checkout";
  }
  return undefined;
}

export function headersFor(): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`,
    Accept: "application/json",
    "User-Agent": "thulium-chat-bench",
  };
}

function fail(who: string, status: number): never {
  throw new Error(`${who}: unexpected status ${status}`);
}

/**
 * One call function per contender but (a) (bench/contender-undici.ts); each checks the status and reads
 * the whole body. `clientFetch`, when given, is the `fetch` the client (d) sends with
 * (`--inject-slowdown`); otherwise (d) has its default.
 */
export function makeContenders(
  baseUrl: string,
  workload: Workload,
  client: ClientEntry,
  clientFetch?: typeof fetch,
): Record<InProcess, (i: number) => Promise<unknown>> {
  const headers = headersFor();
  const api = createClient<paths>({ baseUrl, headers });
  const thulium = client.createThuliumClient({
    baseUrl,
    username: USERNAME,
    password: PASSWORD,
    userAgent: headers["User-Agent"],
    ...(clientFetch ? { fetch: clientFetch } : {}),
  }) as unknown as Record<string, (params: unknown) => Promise<unknown>>;
  // Untyped on purpose: the start operation is not in every checkout's generated types.
  const post = api.POST as unknown as (path: string, init: unknown) => Promise<{ data?: unknown; response: Response }>;

  if (workload === "stop") {
    const path = (i: number) => `/chat_conversations/${IDS[i & 1023]}/stop`;
    return {
      b: async (i) => {
        const res = await fetch(baseUrl + path(i), { method: "POST", headers });
        await res.arrayBuffer();
        if (res.status !== 200) fail("fetch", res.status);
      },
      c: async (i) => {
        const { response } = await post("/chat_conversations/{id}/stop", { params: { path: { id: IDS[i & 1023] } } });
        if (response.status !== 200) fail("openapi-fetch", response.status);
      },
      d: (i) => thulium.stopChatConversation!({ id: IDS[i & 1023] }),
      e: (i) =>
        withTimeout(async (signal) => {
          const res = await fetch(baseUrl + path(i), { method: "POST", headers, signal });
          await res.arrayBuffer();
          if (res.status !== 200) fail("fetch + timeout", res.status);
        }),
    };
  }
  const url = `${baseUrl}/chat_conversations/start?chat_queue_id=${QUEUE_ID}`;
  const checkBody = (who: string, body: unknown) => {
    if (typeof (body as { conversation_id?: unknown })?.conversation_id !== "string") throw new Error(`${who}: no conversation_id`);
  };
  return {
    b: async () => {
      const res = await fetch(url, { method: "POST", headers });
      const body = await res.json();
      if (res.status !== 201) fail("fetch", res.status);
      checkBody("fetch", body);
    },
    c: async () => {
      const { data, response } = await post("/chat_conversations/start", { params: { query: { chat_queue_id: QUEUE_ID } } });
      if (response.status !== 201) fail("openapi-fetch", response.status);
      checkBody("openapi-fetch", data);
    },
    d: async () => checkBody("thulium", await thulium.startChatConversation!({ chat_queue_id: QUEUE_ID })),
    e: () =>
      withTimeout(async (signal) => {
        const res = await fetch(url, { method: "POST", headers, signal });
        const body = await res.json();
        if (res.status !== 201) fail("fetch + timeout", res.status);
        checkBody("fetch + timeout", body);
      }),
  };
}
