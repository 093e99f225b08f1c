import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { freePort } from "../../scripts/dev/prism.js";
import { ENV_NAMES, readVariable } from "../../src/client/environment.js";
import { CLIENT_OPTIONS } from "../../src/client/options.js";
import { VERSION } from "../../src/client/version.js";
import { type AttemptEvent, createThuliumClient, operations, ThuliumApiError, ThuliumError, ThuliumInputError } from "../../src/index.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const PASSWORD = "Tajne-Haslo-42!";

/** A fetch that records requests and answers with `respond`. */
function recorder(respond: (req: Request) => Response = () => new Response(null, { status: 200 })) {
  const requests: Request[] = [];
  const fetchImpl = async (input: Request | string | URL, init?: RequestInit) => {
    const req = new Request(input as Request, init);
    requests.push(req);
    return respond(req);
  };
  return { requests, fetch: fetchImpl as typeof fetch };
}

// The client reads these when options leave them out: none may leak in from the shell running the tests.
beforeEach(() => {
  for (const name of Object.values(ENV_NAMES)) vi.stubEnv(name, undefined);
  return () => vi.unstubAllEnvs();
});

describe("createThuliumClient", () => {
  it("builds the base URL from the system name", async () => {
    const rec = recorder();
    await createThuliumClient({ system: "acme", username: "u", password: "p", fetch: rec.fetch }).stopChatConversation({ id: ID });
    expect(rec.requests[0]?.url).toBe(`https://acme.thulium.com/api/chat_conversations/${ID}/stop`);
    expect(rec.requests[0]?.method).toBe("POST");
  });

  it("keeps the base path of baseUrl", async () => {
    const rec = recorder();
    await createThuliumClient({ baseUrl: "https://proxy.example.org/thulium/api/", username: "u", password: "p", fetch: rec.fetch }).stopChatConversation({
      id: ID,
    });
    expect(rec.requests[0]?.url).toBe(`https://proxy.example.org/thulium/api/chat_conversations/${ID}/stop`);
  });

  it("sends Basic auth, Accept, User-Agent and Accept-Language, and no body when there are no body fields", async () => {
    const rec = recorder();
    await createThuliumClient({ system: "acme", username: "api_user", password: "api_pass", acceptLanguage: "pl", fetch: rec.fetch }).stopChatConversation({
      id: ID,
    });
    const req = rec.requests[0] as Request;
    expect(req.headers.get("authorization")).toBe("Basic YXBpX3VzZXI6YXBpX3Bhc3M=");
    expect(req.headers.get("accept")).toBe("application/json");
    expect(req.headers.get("accept-language")).toBe("pl");
    expect(req.headers.get("user-agent")).toBe(`thulium-chat-client/${VERSION} node/${process.versions.node}`);
    expect(req.headers.get("content-type")).toBeNull();
    expect(req.body).toBeNull();
  });

  it("encodes non-ASCII credentials as UTF-8", async () => {
    const rec = recorder();
    await createThuliumClient({ system: "acme", username: "łukasz", password: "zażółć", fetch: rec.fetch }).stopChatConversation({ id: ID });
    const encoded = rec.requests[0]?.headers.get("authorization")?.slice("Basic ".length) ?? "";
    expect(Buffer.from(encoded, "base64").toString("utf8")).toBe("łukasz:zażółć");
  });

  it("has one method per operation of the generated table, and the raw client", () => {
    const thulium = createThuliumClient({ system: "acme", username: "u", password: "p" });
    for (const operationId of Object.keys(operations)) expect(typeof (thulium as Record<string, unknown>)[operationId]).toBe("function");
    expect(typeof thulium.api.POST).toBe("function");
  });

  it.each([
    [{ username: "u", password: "p" }, /system or baseUrl is required/],
    [{ system: "acme", baseUrl: "https://x.example", username: "u", password: "p" }, /pass system or baseUrl, not both/],
    [{ system: "acme.evil.example/", username: "u", password: "p" }, /system must be a Thulium system name/],
    [{ system: "acme", username: "a:b", password: "p" }, /must not contain ":"/],
    [{ system: "acme", username: "u" }, /password is required/],
    [{ system: "acme", password: "p" }, /username is required/],
    [{ baseUrl: "not a url", username: "u", password: "p" }, /not a valid URL/],
    [{ baseUrl: "ftp://x.example", username: "u", password: "p" }, /http or https/],
    [{ baseUrl: "http://acme.thulium.com/api", username: "u", password: "p" }, /password in clear/],
    [{ system: "acme", username: "u", password: "p", timeoutMs: 0 }, /timeoutMs/],
    [{ system: "acme", username: "u", password: "p", maxRetries: -1 }, /maxRetries/],
    [{ system: "acme", username: "u", password: "p", maxRetries: 1.5 }, /maxRetries/],
  ])("refuses bad options %j", (options, message) => {
    expect(() => createThuliumClient(options as never)).toThrow(ThuliumInputError);
    expect(() => createThuliumClient(options as never)).toThrow(message);
  });

  it("sends over http:// to loopback, and elsewhere only with allowInsecureHttp", async () => {
    const rec = recorder();
    for (const baseUrl of ["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "http://127.8.9.10"]) {
      await createThuliumClient({ baseUrl, username: "u", password: "p", fetch: rec.fetch }).stopChatConversation({ id: ID });
    }
    const remote = { baseUrl: "http://thulium.internal", username: "u", password: "p", fetch: rec.fetch };
    expect(() => createThuliumClient(remote)).toThrow(/password in clear/);
    await createThuliumClient({ ...remote, allowInsecureHttp: true }).stopChatConversation({ id: ID });
    expect(rec.requests.map((r) => r.url)).toEqual(
      ["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "http://127.8.9.10", "http://thulium.internal"].map(
        (base) => `${base}/chat_conversations/${ID}/stop`,
      ),
    );
  });

  it("refuses a baseUrl on a Thulium host outside /api, naming the fix, and keeps one under /api", async () => {
    const make = (baseUrl: string) => () => createThuliumClient({ baseUrl, username: "u", password: "p" });
    expect(make("https://acme.thulium.com")).toThrow(
      new ThuliumInputError(
        'baseUrl https://acme.thulium.com is not Thulium\'s API, which is under /api: pass baseUrl "https://acme.thulium.com/api", or system "acme"',
        "baseUrl",
      ),
    );
    expect(make("https://ACME.thulium.com/chat_conversations/")).toThrow(
      'baseUrl https://acme.thulium.com/chat_conversations/ is not Thulium\'s API, which is under /api: pass baseUrl "https://acme.thulium.com/api", or system "acme"',
    );
    expect(make("https://eu.acme.thulium.com/apis")).toThrow(
      /^baseUrl https:\/\/eu\.acme\.thulium\.com\/apis is not Thulium's API, which is under \/api: pass baseUrl "https:\/\/eu\.acme\.thulium\.com\/api"$/,
    );
    const rec = recorder();
    for (const baseUrl of ["https://acme.thulium.com/api", "https://acme.thulium.com/api/", "https://notthulium.com/"]) {
      await createThuliumClient({ baseUrl, username: "u", password: "p", fetch: rec.fetch }).stopChatConversation({ id: ID });
    }
    expect(rec.requests.map((r) => r.url)).toEqual([
      `https://acme.thulium.com/api/chat_conversations/${ID}/stop`,
      `https://acme.thulium.com/api/chat_conversations/${ID}/stop`,
      `https://notthulium.com/chat_conversations/${ID}/stop`,
    ]);
  });

  it("refuses credentials in baseUrl without repeating them", () => {
    const attempt = () => createThuliumClient({ baseUrl: `https://api_user:${PASSWORD}@acme.thulium.com/api`, username: "u", password: "p" });
    expect(attempt).toThrow(/must not contain credentials/);
    try {
      attempt();
    } catch (err) {
      expect(String(err)).not.toContain(PASSWORD);
    }
  });

  it("does not follow redirects, and says so", async () => {
    const rec = recorder(() => new Response(null, { status: 301, headers: { location: "http://elsewhere.example/api" } }));
    const call = createThuliumClient({ system: "acme", username: "u", password: "p", fetch: rec.fetch }).stopChatConversation({ id: ID });
    await expect(call).rejects.toThrow("stopChatConversation failed: 301 redirect to http://elsewhere.example/api not followed; check baseUrl");
    expect(rec.requests).toHaveLength(1);
  });
});

describe("the password never leaks", () => {
  const failing = recorder(() => new Response("<html>Bad Gateway</html>", { status: 502 }));
  const thulium = createThuliumClient({ system: "acme", username: "api_user", password: PASSWORD, fetch: failing.fetch, maxRetries: 0 });
  const basic = Buffer.from(`api_user:${PASSWORD}`).toString("base64");

  it("is absent from the client's inspection", () => {
    const shown = inspect(thulium, { depth: 10, showHidden: true });
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(basic);
  });

  it("is absent from every rendering of an API error", async () => {
    const err = await thulium.stopChatConversation({ id: ID }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThuliumApiError);
    for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }), (err as Error).stack ?? ""]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(basic);
    }
  });

  it("is absent from input and connection errors", async () => {
    const errors: unknown[] = [];
    errors.push(await thulium.stopChatConversation({ id: "../x" }).catch((e: unknown) => e));
    const refused = createThuliumClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, username: "api_user", password: PASSWORD, maxRetries: 0 });
    errors.push(await refused.stopChatConversation({ id: ID }).catch((e: unknown) => e));
    for (const err of errors) {
      expect(err).toBeInstanceOf(ThuliumError);
      for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(basic);
      }
    }
  });

  it("is absent from the log, which gets one event per attempt and no header", async () => {
    const lines: unknown[][] = [];
    const logger = {
      debug: (...a: unknown[]) => lines.push(a),
      info: (...a: unknown[]) => lines.push(a),
      warn: (...a: unknown[]) => lines.push(a),
      error: (...a: unknown[]) => lines.push(a),
    };
    let calls = 0;
    const flaky = recorder(() =>
      ++calls === 1
        ? new Response(JSON.stringify({ request_id: "abc123", errors: [{ message: "busy", code: 1 }] }), { status: 503, headers: { "retry-after": "0" } })
        : new Response(null, { status: 200 }),
    );
    const logged = createThuliumClient({ system: "acme", username: "api_user", password: PASSWORD, fetch: flaky.fetch, logger });
    await logged.stopChatConversation({ id: ID });
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => l[0] as AttemptEvent);
    expect(first).toMatchObject({
      operationId: "stopChatConversation",
      method: "POST",
      path: "/chat_conversations/{id}/stop",
      attempt: 1,
      status: 503,
      requestId: "abc123",
      retryDelayMs: 0,
    });
    expect(second).toMatchObject({ attempt: 2, status: 200 });
    expect(typeof second?.durationMs).toBe("number");
    const text = JSON.stringify(lines);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(basic);
    expect(text.toLowerCase()).not.toContain("authorization");
    expect(text).not.toContain(ID);
  });
});

describe("openapi-fetch middleware", () => {
  it("sees the calls made on thulium.api, with the client's auth", async () => {
    const rec = recorder();
    const thulium = createThuliumClient({ system: "acme", username: "u", password: "p", fetch: rec.fetch });
    const seen: string[] = [];
    thulium.api.use({
      onRequest({ request, schemaPath }) {
        seen.push(schemaPath);
        request.headers.set("X-Trace", "t-1");
        return request;
      },
      onResponse({ response }) {
        seen.push(String(response.status));
      },
    });
    const { response } = await thulium.api.POST("/chat_conversations/{id}/stop", { params: { path: { id: ID } } });
    expect(response.status).toBe(200);
    expect(seen).toEqual(["/chat_conversations/{id}/stop", "200"]);
    expect(rec.requests[0]?.headers.get("x-trace")).toBe("t-1");
    expect(rec.requests[0]?.headers.get("authorization")).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });

  it("sees the methods' calls too: client.use and api.use share one list", async () => {
    const rec = recorder();
    const thulium = createThuliumClient({ system: "acme", username: "u", password: "p", fetch: rec.fetch });
    const seen: string[] = [];
    const trace = { onRequest: ({ schemaPath }: { schemaPath: string }) => void seen.push(schemaPath) };
    thulium.use(trace);
    await thulium.stopChatConversation({ id: ID });
    await thulium.api.POST("/chat_conversations/{id}/stop", { params: { path: { id: ID } } });
    expect(seen).toEqual(["/chat_conversations/{id}/stop", "/chat_conversations/{id}/stop"]);
    thulium.api.eject(trace);
    await thulium.stopChatConversation({ id: ID });
    expect(seen).toHaveLength(2);
    expect(rec.requests).toHaveLength(3);
  });

  it("builds no Request for a method call when no middleware is registered", async () => {
    const inputs: unknown[] = [];
    const thulium = createThuliumClient({
      system: "acme",
      username: "u",
      password: "p",
      fetch: async (input) => {
        inputs.push(input);
        return new Response(null, { status: 200 });
      },
    });
    await thulium.stopChatConversation({ id: ID });
    expect(typeof inputs[0]).toBe("string");
    thulium.use({ onRequest: () => undefined });
    await thulium.stopChatConversation({ id: ID });
    expect(inputs[1]).toBeInstanceOf(Request);
  });
});

describe("credentials from the environment", () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("reads THULIUM_SYSTEM, THULIUM_USER and THULIUM_PASSWORD for the options left out", async () => {
    vi.stubEnv("THULIUM_SYSTEM", "acme");
    vi.stubEnv("THULIUM_USER", "env_user");
    vi.stubEnv("THULIUM_PASSWORD", PASSWORD);
    const rec = recorder();
    await createThuliumClient({ fetch: rec.fetch }).stopChatConversation({ id: ID });
    expect(rec.requests[0]?.url).toBe(`https://acme.thulium.com/api/chat_conversations/${ID}/stop`);
    expect(rec.requests[0]?.headers.get("authorization")).toBe(basic("env_user", PASSWORD));
  });

  it("reads THULIUM_BASE_URL; an option given wins over its variable, and a target option over both target variables", async () => {
    vi.stubEnv("THULIUM_BASE_URL", "http://127.0.0.1:4010");
    vi.stubEnv("THULIUM_USER", "env_user");
    vi.stubEnv("THULIUM_PASSWORD", "env_pass");
    const rec = recorder();
    await createThuliumClient({ fetch: rec.fetch }).stopChatConversation({ id: ID });
    vi.stubEnv("THULIUM_SYSTEM", "stale"); // both target variables set: the option decides
    await createThuliumClient({ system: "acme", username: "u", password: "p", fetch: rec.fetch }).stopChatConversation({ id: ID });
    expect(rec.requests.map((r) => [r.url, r.headers.get("authorization")])).toEqual([
      [`http://127.0.0.1:4010/chat_conversations/${ID}/stop`, basic("env_user", "env_pass")],
      [`https://acme.thulium.com/api/chat_conversations/${ID}/stop`, basic("u", "p")],
    ]);
  });

  it("refuses a setting that is neither an option nor set (an empty variable is unset), naming both", () => {
    vi.stubEnv("THULIUM_USER", "");
    const refusal = (options: object) => {
      try {
        createThuliumClient(options);
      } catch (err) {
        return err instanceof ThuliumInputError ? [err.field, err.message] : err;
      }
    };
    expect(refusal({})).toEqual(["username", "username is required: pass the username option, or set THULIUM_USER"]);
    expect(refusal({ username: "u" })).toEqual(["password", "password is required: pass the password option, or set THULIUM_PASSWORD"]);
    expect(refusal({ username: "u", password: "p" })).toEqual([
      "system",
      "system or baseUrl is required: pass the system or baseUrl option, or set THULIUM_SYSTEM or THULIUM_BASE_URL",
    ]);
    vi.stubEnv("THULIUM_SYSTEM", "acme");
    vi.stubEnv("THULIUM_BASE_URL", "https://x.example");
    expect(refusal({ username: "u", password: "p" })).toEqual([
      "system",
      "THULIUM_SYSTEM and THULIUM_BASE_URL are both set; unset one, or pass the system or baseUrl option",
    ]);
    expect(refusal({ system: "acme", username: "", password: "p" })).toEqual(["username", "username is required: pass a non-empty string"]);
  });

  it("says why where the runtime has no process.env (Workers), or will not show it (Deno without --allow-env)", () => {
    expect(readVariable("THULIUM_USER", undefined)).toEqual({ unreadable: "this runtime has no process.env" });
    const denied = new Proxy(
      {},
      {
        get: () => {
          throw new Error('Requires env access to "THULIUM_USER", run again with the --allow-env flag');
        },
      },
    );
    expect(readVariable("THULIUM_USER", denied)).toEqual({ unreadable: 'Requires env access to "THULIUM_USER", run again with the --allow-env flag' });
    const saved = Object.getOwnPropertyDescriptor(globalThis, "process") as PropertyDescriptor;
    let message: string | undefined;
    // Synchronous, so nothing else runs while there is no process.
    Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
    try {
      createThuliumClient({ baseUrl: "https://x.example" });
    } catch (err) {
      message = (err as Error).message;
    } finally {
      Object.defineProperty(globalThis, "process", saved);
    }
    expect(message).toBe("username is required: pass the username option (THULIUM_USER cannot be read here: this runtime has no process.env)");
  });
});

describe("the README's options table", () => {
  it("names every option createThuliumClient takes, and no other", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("Options of `createThuliumClient`:"), readme.indexOf("An option the client does not know"));
    const named = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...(row[1] as string).matchAll(/`(\w+)`/g)].map((m) => m[1]));
    expect(named.filter((name) => name !== undefined).sort()).toEqual([...CLIENT_OPTIONS].sort());
  });
});

describe("version", () => {
  it("matches package.json", async () => {
    const pkg = await import("../../package.json", { with: { type: "json" } });
    expect(VERSION).toBe(pkg.default.version);
  });
});
