/** Logging without code: THULIUM_LOG and the `logLevel` option, one line per attempt on stderr. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createCoreClient, stopChatConversation } from "../../src/core.js";
import { createThuliumClient, ThuliumInputError } from "../../src/index.js";
import { reply as answer } from "../fake-thulium/answers.js";
import { type FakeThulium as FaultServer, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
let server: FaultServer;
let stderr: string[];

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.stubEnv("THULIUM_BASE_URL", server.url);
  vi.stubEnv("THULIUM_USER", "api_user");
  vi.stubEnv("THULIUM_PASSWORD", "api_pass");
  server.answer(answer(503, "", { "retry-after": "0" }), answer(200, ""));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("THULIUM_LOG", () => {
  it("debug: one line per attempt on stderr, naming the path template, never the id or the password", async () => {
    vi.stubEnv("THULIUM_LOG", "debug");
    await createThuliumClient().stopChatConversation({ id: ID });
    expect(stderr).toEqual([
      expect.stringMatching(/^thulium-chat-client: POST \/chat_conversations\/\{id\}\/stop attempt 1: 503 in [\d.]+ ms; retrying in 0 ms\n$/),
      expect.stringMatching(/^thulium-chat-client: POST \/chat_conversations\/\{id\}\/stop attempt 2: 200 in [\d.]+ ms\n$/),
    ]);
    expect(stderr.join("")).not.toContain(ID);
    expect(stderr.join("")).not.toContain("api_pass");
    expect(server.requests).toHaveLength(2);
  });

  it("warn: the retry only; error: nothing when the call succeeds", async () => {
    vi.stubEnv("THULIUM_LOG", "warn");
    await createThuliumClient().stopChatConversation({ id: ID });
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain("attempt 1: 503");
    vi.stubEnv("THULIUM_LOG", "error");
    server.answer(answer(503, "", { "retry-after": "0" }), answer(200, ""));
    await createThuliumClient().stopChatConversation({ id: ID });
    expect(stderr).toHaveLength(1);
  });

  it("off: nothing, not even an answer that breaks the spec", async () => {
    vi.stubEnv("THULIUM_LOG", "off");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    server.answer(answer(200, '{"count":"lots","result":[]}'));
    await createThuliumClient().listChats();
    expect(stderr).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("unset: nothing on stderr", async () => {
    await createThuliumClient().stopChatConversation({ id: ID });
    expect(stderr).toEqual([]);
  });

  it("is refused when it is not a level, naming the variable", () => {
    vi.stubEnv("THULIUM_LOG", "verbose");
    expect(() => createThuliumClient()).toThrow(new ThuliumInputError('THULIUM_LOG must be one of debug, info, warn, error, off, got "verbose"', "logLevel"));
  });
});

describe("the logLevel option", () => {
  it("wins over THULIUM_LOG, and filters a logger given with it", async () => {
    vi.stubEnv("THULIUM_LOG", "off");
    const events: string[] = [];
    const log = (level: string) => (event: { attempt: number }) => events.push(`${level} ${event.attempt}`);
    const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
    await createThuliumClient({ logger, logLevel: "warn" }).stopChatConversation({ id: ID });
    expect(events).toEqual(["warn 1"]);
    expect(stderr).toEqual([]);
  });

  it("is the full client's: createCoreClient refuses it as an unknown option", () => {
    expect(() => createCoreClient({ baseUrl: server.url, username: "u", password: "p", logLevel: "debug" } as never, { stopChatConversation })).toThrow(
      /unknown option "logLevel"/,
    );
  });
});
