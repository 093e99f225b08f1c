import type { Server } from "node:http";
import type { TestProject } from "vitest/node";
import { freePort, type PrismServer, startPrism } from "../scripts/dev/prism.js";
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
  const port = await freePort(); // drawn where no test server or connection opened meanwhile can take it
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
