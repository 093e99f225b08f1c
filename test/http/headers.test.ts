import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";
import { basicAuthorization, defaultUserAgent, runtimeName } from "../../src/http/headers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("basicAuthorization", () => {
  it("encodes the credentials as UTF-8, as Buffer would", () => {
    expect(basicAuthorization("user", "password")).toBe("Basic dXNlcjpwYXNzd29yZA==");
    const header = basicAuthorization("łukasz", "zażółć 🔑");
    expect(Buffer.from(header.slice("Basic ".length), "base64").toString("utf8")).toBe("łukasz:zażółć 🔑");
  });

  it("takes a password of a megabyte", () => {
    const password = "ż".repeat(1 << 19);
    const header = basicAuthorization("u", password);
    expect(Buffer.from(header.slice("Basic ".length), "base64").toString("utf8")).toBe(`u:${password}`);
  });
});

describe("the default User-Agent names the runtime", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("node/<version> on Node", () => {
    expect(defaultUserAgent("1.2.3")).toBe(`thulium-chat-client/1.2.3 node/${process.versions.node}`);
  });

  // Bun and Deno also report a Node version (Bun sent `node/26.3.0` before this was asked first).
  it.each([
    ["Bun", { version: "1.4.5" }, "bun/1.4.5"],
    ["Deno", { version: { deno: "2.9.6", v8: "15.0" } }, "deno/2.9.6"],
    ["navigator", { userAgent: "Cloudflare-Workers" }, "workerd"],
  ])("%s", (name, value, expected) => {
    vi.stubGlobal(name, value);
    expect(runtimeName()).toBe(expected);
  });
});

describe("the library (src/ less the CLI)", () => {
  // Its run-time proof is the smoke suite (test/runtimes/): Bun, Deno and workerd without nodejs_compat.
  it("names no Node-only global or module: it type-checks with web APIs alone", () => {
    const config = ts.parseJsonConfigFileContent(
      { extends: "./tsconfig.json", compilerOptions: { lib: ["ES2023", "DOM", "DOM.Iterable"], types: [] }, include: ["src"], exclude: ["src/cli"] },
      ts.sys,
      root,
    );
    const program = ts.createProgram(config.fileNames, config.options);
    // Cannot find name / namespace / module: what a Node-only global or `node:` import gives without Node's types.
    const missing = new Set([2304, 2307, 2503, 2580, 2591, 2592]);
    const found = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => missing.has(d.code))
      .map((d) => `${d.file?.fileName.slice(root.length) ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(config.fileNames.some((f) => f.endsWith("src/client/options.ts"))).toBe(true);
    expect(found).toEqual([]);
  });
});
