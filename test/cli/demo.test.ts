/** `npm run demo` on this checkout: its own Prism, the CLI as subprocesses, exit 0. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("npm run demo runs every available step and a bulk stop of 100 ids", () => {
  const demo = fileURLToPath(new URL("../../scripts/demo.ts", import.meta.url));
  const run = spawnSync(process.execPath, ["--import", "tsx", demo], { encoding: "utf8", timeout: 60_000, cwd: fileURLToPath(new URL("../../", import.meta.url)) });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^\$ thulium-chat stop [0-9a-f-]{36}\nstopped 1, failed 0$/m);
  expect(run.stdout).toMatch(/^stopped 100, failed 0$/m);
  expect(run.stdout).toMatch(/Prism stopped\. Every command exited 0\.\n$/);
}, 60_000);
