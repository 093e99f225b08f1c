/**
 * The packed package on the runtimes beyond Node: Bun and Deno (from the npm
 * packages `bun` and `deno`) and workerd without nodejs_compat (through
 * miniflare), each running every case of fixture/scenario.ts against
 * smoke-server.ts on 127.0.0.1. What each runtime sent is checked on the
 * server's side. `npm run test:runtimes`, which installs the runtimes from
 * test/runtimes/package.json first; `.ci/run` runs it.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy } from "../http/proxy-servers.js";
import { CONVERSATION_ID, PASSWORD, SLOW_ID, USERNAME } from "./fixture/constants.js";
import { type CaseResult, cases } from "./fixture/scenario.js";
import { type SeenRequest, type SmokeServer, startSmokeServer } from "./smoke-server.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/", import.meta.url));
/** Where `npm ci --prefix test/runtimes` installs the runtimes (test/runtimes/package.json), apart from the root's. */
const runtimeBin = fileURLToPath(new URL("./node_modules/.bin/", import.meta.url));
const require = createRequire(import.meta.url);
const pexecFile = promisify(execFile);
/** The workerd compatibility date the worker runs with; no compatibility flags. */
const COMPATIBILITY_DATE = "2026-07-30";

let work: string;
let server: SmokeServer;
let version: string;

async function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await pexecFile(file, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(" ")} failed (${e.code}):\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "thulium-runtimes-"));
  // `npm pack` runs `prepack`, which builds dist/; the tarball is installed as an app would.
  const packOutput = await run("npm", ["pack", "--json", "--pack-destination", work], root);
  const tarball = (JSON.parse(packOutput.slice(packOutput.indexOf("[\n"))) as { filename: string }[])[0]!.filename;
  ({ version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string });
  await writeFile(join(work, "package.json"), JSON.stringify({ name: "smoke", private: true, type: "module" }, null, 2));
  // A lockfile taken from this repository's, so that npm resolves openapi-fetch from the cache `npm ci` filled.
  const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8"));
  lock.name = "smoke";
  lock.packages[""] = { name: "smoke" };
  await writeFile(join(work, "package-lock.json"), JSON.stringify(lock, null, 2));
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", `./${tarball}`], work);

  // The cases are bundled from inside the app, so that `thulium-chat-client` resolves to the installed package.
  await cp(fixture, join(work, "smoke"), { recursive: true });
  server = await startSmokeServer();
  const define = { SMOKE_BASE_URL: JSON.stringify(server.url) };
  // Bun and Deno load the package from node_modules themselves.
  for (const script of ["script", "proxy-script"]) {
    await build({
      entryPoints: [join(work, `smoke/${script}.ts`)],
      outfile: join(work, `${script}.mjs`),
      bundle: true,
      format: "esm",
      platform: "neutral",
      external: ["thulium-chat-client"],
      define,
      logLevel: "error",
    });
  }
  // workerd runs one script: the worker with the package in it, resolved as a bundler for workerd would.
  await build({
    entryPoints: [join(work, "smoke/worker.ts")],
    outfile: join(work, "worker.mjs"),
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    define,
    logLevel: "error",
  });
});

afterAll(async () => {
  await server?.close();
  if (work && !process.env.KEEP_RUNTIMES) await rm(work, { recursive: true, force: true });
});

/** Runs the cases in one runtime; returns its results and what the server saw meanwhile. */
async function smoke(runCases: () => Promise<CaseResult[]>): Promise<{ results: CaseResult[]; seen: SeenRequest[] }> {
  server.forget();
  const results = await runCases();
  return { results, seen: server.seen() };
}

/** What a runtime said when the credentials were neither options nor in its environment. */
const leftOut = (results: CaseResult[]) => results.find((r) => r.name === "credentials left out")?.detail;
/** Bun and Deno run without the test's own settings: the environment defaults must be absent. */
const NO_SETTINGS = { THULIUM_SYSTEM: "", THULIUM_BASE_URL: "", THULIUM_USER: "", THULIUM_PASSWORD: "" };

function report(runtime: string, results: CaseResult[]): void {
  console.log(`${runtime}:\n${results.map((r) => `  ${r.ok ? "ok  " : "FAIL"} ${r.name}: ${r.detail}`).join("\n")}`);
}

/** What every runtime must show: each case passed, and on the server's side the right credentials, User-Agent and request count. */
function expectSmoke(results: CaseResult[], seen: SeenRequest[], userAgent: string): void {
  expect(results.map((r) => r.name)).toEqual(Object.keys(cases));
  expect(results.filter((r) => !r.ok)).toEqual([]);
  const credentials = new Set(seen.map((r) => Buffer.from((r.authorization ?? "").replace(/^Basic /, ""), "base64").toString("utf8")));
  expect([...credentials]).toEqual([`${USERNAME}:${PASSWORD}`]);
  expect([...new Set(seen.map((r) => r.userAgent))]).toEqual([userAgent]);
  expect(seen.filter((r) => r.path === `/chat_conversations/${SLOW_ID}/stop`)).toHaveLength(1); // timed out, not retried
  expect(seen.filter((r) => r.path.startsWith("/chats?")).map((r) => new URLSearchParams(r.path.split("?")[1]).get("offset"))).toEqual(["0", "100"]);
}

describe("the packed package", () => {
  it("runs under Bun", async () => {
    const bun = join(runtimeBin, "bun");
    const bunVersion = (await run(bun, ["--version"], work)).trim();
    const { results, seen } = await smoke(async () => JSON.parse(await run(bun, ["script.mjs"], work, { DO_NOT_TRACK: "1", ...NO_SETTINGS })).results);
    report(`bun ${bunVersion}`, results);
    expectSmoke(results, seen, `thulium-chat-client/${version} bun/${bunVersion}`);
    expect(leftOut(results)).toBe("username is required: pass the username option, or set THULIUM_USER");
  });

  it("runs under Deno, with network access to 127.0.0.1 only", async () => {
    const deno = join(runtimeBin, "deno");
    const denoVersion = /^deno (\S+)/.exec(await run(deno, ["--version"], work))![1]!;
    const { results, seen } = await smoke(
      async () =>
        JSON.parse(await run(deno, ["run", "--allow-net=127.0.0.1", "--no-prompt", "script.mjs"], work, { DENO_NO_UPDATE_CHECK: "1", ...NO_SETTINGS })).results,
    );
    report(`deno ${denoVersion}`, results);
    expectSmoke(results, seen, `thulium-chat-client/${version} deno/${denoVersion}`);
    // No --allow-env: Deno refuses to read the environment, and the client says so rather than throw Deno's error.
    expect(leftOut(results)).toMatch(/^username is required: pass the username option \(THULIUM_USER cannot be read here: .*allow-env.*\)$/);
  });

  it("runs in workerd without nodejs_compat (miniflare)", async () => {
    const workerdVersion = (
      JSON.parse(await readFile(require.resolve("workerd/package.json", { paths: [require.resolve("miniflare")] }), "utf8")) as { version: string }
    ).version;
    const miniflare = new Miniflare({
      modules: true,
      script: await readFile(join(work, "worker.mjs"), "utf8"),
      compatibilityDate: COMPATIBILITY_DATE,
      compatibilityFlags: [],
    });
    try {
      let answer: { results: CaseResult[]; nodeGlobals: string[]; userAgent: string } | undefined;
      const { results, seen } = await smoke(async () => {
        const response = await miniflare.dispatchFetch("http://smoke.example/");
        answer = (await response.json()) as typeof answer;
        return answer!.results;
      });
      report(`workerd ${workerdVersion} (compatibility date ${COMPATIBILITY_DATE}, no nodejs_compat)`, results);
      expect(answer?.userAgent).toBe("Cloudflare-Workers");
      expect(answer?.nodeGlobals).toEqual([]);
      expectSmoke(results, seen, `thulium-chat-client/${version} workerd`);
      expect(leftOut(results)).toBe("username is required: pass the username option (THULIUM_USER cannot be read here: this runtime has no process.env)");
    } finally {
      await miniflare.dispose();
    }
  });
});

/**
 * Bun and Deno read HTTP_PROXY and NO_PROXY themselves (docs/guides/proxies.md): the package sends through the
 * proxy with nothing set up, which forwards plain http (the smoke server's) without a tunnel.
 */
describe("the packed package behind a proxy, as the runtime reads HTTP_PROXY and NO_PROXY", () => {
  const runtimes: Record<string, (env: NodeJS.ProcessEnv) => Promise<string>> = {
    bun: (env) => run(join(runtimeBin, "bun"), ["proxy-script.mjs"], work, { DO_NOT_TRACK: "1", ...env }),
    deno: (env) =>
      run(join(runtimeBin, "deno"), ["run", "--allow-net=127.0.0.1", "--no-prompt", "proxy-script.mjs"], work, { DENO_NO_UPDATE_CHECK: "1", ...env }),
  };

  it.each(Object.keys(runtimes))("under %s: through HTTP_PROXY, and direct to a host NO_PROXY names", async (runtime) => {
    const proxy = await startTestProxy();
    try {
      const stop = `${server.url}/chat_conversations/${CONVERSATION_ID}/stop`;
      server.forget();
      expect(JSON.parse(await runtimes[runtime]!({ HTTP_PROXY: proxy.url(), NO_PROXY: "" }))).toEqual({ ok: true });
      expect(proxy.forwarded).toEqual([stop]);
      expect(server.seen()).toHaveLength(1);

      expect(JSON.parse(await runtimes[runtime]!({ HTTP_PROXY: proxy.url(), NO_PROXY: "127.0.0.1" }))).toEqual({ ok: true });
      expect(proxy.forwarded).toEqual([stop]);
      expect(proxy.connects).toEqual([]);
      expect(server.seen()).toHaveLength(2);
    } finally {
      await proxy.close();
    }
  });
});
