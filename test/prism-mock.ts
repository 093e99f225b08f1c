import type { Server } from "node:http";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";
import { type PrismServer, startPrism } from "../scripts/dev/prism.js";
import { COVERAGE_ENV, startRecordingProxy } from "../scripts/dev/spec-coverage.js";

let prism: Promise<PrismServer> | undefined;
let failed: unknown;
let recorder: Server | undefined;

/**
 * The global setup of the `prism` project (vitest.config.ts), which alone starts Prism: one mock for the run,
 * from the same spec the client is generated from. It starts while the other projects' tests already run;
 * test/prism-ready.ts, before each file of the project, waits until it accepts connections. Under
 * `npm run coverage:spec`, the tests reach it through a proxy recording each exchange (scripts/dev/spec-coverage.ts).
 */
export async function setup(project: TestProject) {
  const port = await portOutsideEphemeralRange();
  prism = startPrism({ port });
  prism.catch((error: unknown) => {
    failed = error;
  });
  project.provide("prismPort", port);
  const file = process.env[COVERAGE_ENV];
  if (file) {
    const proxy = await startRecordingProxy(`http://127.0.0.1:${port}`, file);
    recorder = proxy.server;
    project.provide("prismUrl", proxy.url);
  } else project.provide("prismUrl", `http://127.0.0.1:${port}`);
}

/**
 * A free port below every system's range of ports given out for `listen(0)` and outgoing connections
 * (Linux's from 32768, macOS's and Windows' from 49152): while Prism starts, the tests already running open
 * servers and connections, and none of them can be given this port meanwhile.
 */
async function portOutsideEphemeralRange(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export async function teardown() {
  recorder?.close();
  await (await prism?.catch(() => undefined))?.stop();
  // Each test of the project failed waiting for it; this says why.
  if (failed) throw failed;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The Prism mock's base URL, for the tests. */
    prismUrl: string;
    /** The port Prism itself listens on, which test/prism-ready.ts waits for. */
    prismPort: number;
  }
}
