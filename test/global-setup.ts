import type { Server } from "node:http";
import type { TestProject } from "vitest/node";
import { type PrismServer, startPrism } from "../scripts/dev/prism.js";
import { COVERAGE_ENV, startRecordingProxy } from "../scripts/dev/spec-coverage.js";

let prism: PrismServer | undefined;
let recorder: Server | undefined;

/**
 * One Prism mock for the whole run, from the same spec the client is generated from; under
 * `npm run coverage:spec`, behind a proxy recording each exchange (scripts/dev/spec-coverage.ts).
 */
export async function setup(project: TestProject) {
  prism = await startPrism();
  const file = process.env[COVERAGE_ENV];
  if (file) {
    const proxy = await startRecordingProxy(prism.url, file);
    recorder = proxy.server;
    project.provide("prismUrl", proxy.url);
  } else project.provide("prismUrl", prism.url);
}

export async function teardown() {
  recorder?.close();
  await prism?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}
