/**
 * Starts Prism (the mock server of @stoplight/prism-cli) from openapi/ on a
 * loopback port, with `--errors` on so that a request or response that breaks
 * the spec is reported. Used by the tests, `npm run mock` and the demo.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const SPEC_PATH = fileURLToPath(new URL("../openapi/openapi.yaml", import.meta.url));

export interface PrismServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Stops Prism and waits for it to exit. */
  stop(): Promise<void>;
  /** What Prism printed, for error reports. */
  output(): string;
}

export interface PrismOptions {
  port?: number;
  spec?: string;
  /** `proxy` forwards to `upstream` and checks its answers against the spec. */
  mode?: "mock" | "proxy";
  upstream?: string;
  /** Copy Prism's log to this process's stderr. */
  inheritOutput?: boolean;
  startTimeoutMs?: number;
}

export function prismBin(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("@stoplight/prism-cli/dist/index.js");
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const port = options.port ?? (await freePort());
  const mode = options.mode ?? "mock";
  const args = [prismBin(), mode, "--host", "127.0.0.1", "--port", String(port), "--errors"];
  if (mode === "proxy") {
    if (!options.upstream) throw new Error("Prism proxy mode needs an upstream URL");
    args.push(options.spec ?? SPEC_PATH, options.upstream);
  } else {
    args.push(options.spec ?? SPEC_PATH);
  }
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SCARF_ANALYTICS: "false", NODE_ENV: "test" },
  });
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (options.inheritOutput) process.stderr.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: PrismServer = {
    url,
    port,
    process: child,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (true) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${log}`);
    if (/Prism is listening/.test(log) && (await answers(url))) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`Prism did not answer on ${url} in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
