/**
 * Starts Prism (the mock server of @stoplight/prism-cli) from openapi/ on a
 * loopback port, with `--errors` on so that a request or response that breaks
 * the spec is reported. Used by the tests, `npm run mock` and the demo.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { SPEC_FILE } from "../spec/spec.js";

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
  /** Default 127.0.0.1. */
  host?: string;
  spec?: string;
  /** `proxy` forwards to `upstream` and checks its answers against the spec. */
  mode?: "mock" | "proxy";
  upstream?: string;
  /** Copy Prism's log to this process's stderr. */
  inheritOutput?: boolean;
  startTimeoutMs?: number;
  /** Stops Prism while it is still starting; startPrism then rejects. */
  signal?: AbortSignal;
}

function prismBin(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("@stoplight/prism-cli/dist/index.js");
}

/**
 * A port free on 127.0.0.1 a moment ago, for a server about to start there. It is drawn below every system's
 * range of ports given out for `listen(0)` and outgoing connections (Linux's from 32768, macOS's and Windows'
 * from 49152): while Prism starts (seconds), the tests running beside it open servers and connections, and
 * none of them can be given this port meanwhile. (One from `listen(0)` was taken so, and Prism failed with
 * EADDRINUSE.)
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.unref();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? "127.0.0.1";
  const mode = options.mode ?? "mock";
  const args = [prismBin(), mode, "--host", host, "--port", String(port), "--errors"];
  if (mode === "proxy") {
    if (!options.upstream) throw new Error("Prism proxy mode needs an upstream URL");
    args.push(options.spec ?? SPEC_FILE, options.upstream);
  } else {
    args.push(options.spec ?? SPEC_FILE);
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
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
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
    if (options.signal?.aborted) {
      await server.stop();
      throw new Error("Prism was stopped while starting");
    }
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${log}`);
    if (/Prism is listening/.test(log) && (await accepts(host, port))) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`Prism did not answer on ${url} in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Whether a TCP connection to Prism is accepted. Not an HTTP request: Prism
 * would log the probe's unmatched path as an error on every start.
 */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
