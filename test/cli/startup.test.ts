/** `thulium-chat --help` starts fast: it loads none of the heavy tools the project builds and tests with. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { spawnCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const log = join(dir, `${args.join("_").replace(/\W/g, "")}.log`);
  // A process of its own: what it loads is recorded by an --import hook from its start.
  const run = await spawnCli(args, { env: { MODULE_LOG: log }, nodeArgs: ["--import", new URL("./module-recorder.mjs", import.meta.url).href] });
  expect(run.code).toBe(0);
  return readFileSync(log, "utf8").split("\n").filter(Boolean);
}

const HEAVY = /node_modules\/(@stoplight|@redocly|typescript|openapi-typescript|vitest|yaml)\/|scripts\/prism\.ts/;

it.each(["--help", "stop --help"])("thulium-chat %s loads no Prism, Redocly or TypeScript compiler module", async (command) => {
  const modules = await modulesLoadedBy(command.split(" "));
  // The recorder sees the CLI itself and its ES and CommonJS dependencies; otherwise the check below proves nothing.
  expect(modules.some((m) => m.endsWith("/src/cli/main.ts"))).toBe(true);
  expect(modules.some((m) => m.includes("/node_modules/openapi-fetch/"))).toBe(true);
  expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
});
