/**
 * Contender (a), `undici.request` from npm, in a process of its own, run by
 * bench/throughput.ts over IPC one measured run at a time. In the same process
 * as Node's fetch it slowed whichever fetch contender ran next by up to 30 %
 * (both share Node's socket and stream code, and each leaves it tuned to
 * itself), which made the client look better against fetch than it is.
 */
import { Agent, request } from "undici";
import { headersFor, type Workload } from "./contenders.js";
import { collectGarbage, type LoadResult, runLoad } from "./harness.js";

export interface RunRequest {
  baseUrl: string;
  workload: Workload;
  /** The ids the other contenders cycle through, so that all send the same paths. */
  ids: string[];
  calls: number;
  inFlight: number;
}

const dispatcher = new Agent();
const headers = headersFor();

function callFor({ baseUrl, workload, ids }: RunRequest): (i: number) => Promise<unknown> {
  const fail = (status: number) => {
    throw new Error(`undici: unexpected status ${status}`);
  };
  if (workload === "stop") {
    return async (i) => {
      const res = await request(`${baseUrl}/chat_conversations/${ids[i & 1023]}/stop`, { method: "POST", headers, dispatcher });
      await res.body.dump();
      if (res.statusCode !== 200) fail(res.statusCode);
    };
  }
  const url = `${baseUrl}/chat_conversations/start?chat_queue_id=3`;
  return async () => {
    const res = await request(url, { method: "POST", headers, dispatcher });
    const body = (await res.body.json()) as { conversation_id?: unknown };
    if (res.statusCode !== 201) fail(res.statusCode);
    if (typeof body?.conversation_id !== "string") throw new Error("undici: no conversation_id");
  };
}

process.on("message", (message: RunRequest) => {
  collectGarbage();
  runLoad(callFor(message), message.calls, message.inFlight).then(
    (result: LoadResult) => process.send?.({ result }),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on("disconnect", () => process.exit(0));
