import type { TestProject } from "vitest/node";
import { type PrismServer, startPrism } from "../scripts/prism.js";

let prism: PrismServer | undefined;

/** One Prism mock for the whole run, from the same spec the client is generated from. */
export async function setup(project: TestProject) {
  prism = await startPrism();
  project.provide("prismUrl", prism.url);
}

export async function teardown() {
  await prism?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}
