/** `npm run demo` on this checkout: its own Prism, the CLI as subprocesses, exit 0. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("npm run demo runs start, send, stop and a bulk stop of 100 ids, skipping none", () => {
  const demo = fileURLToPath(new URL("../../../scripts/dev/demo.ts", import.meta.url));
  const run = spawnSync(process.execPath, ["--import", "tsx", demo], {
    encoding: "utf8",
    timeout: 60_000,
    cwd: fileURLToPath(new URL("../../../", import.meta.url)),
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).not.toContain("skipped");
  // The id that start printed is the one send and stop use.
  const id = /^\$ thulium-chat start --queue 3 --client-id 1234 --json\n\{\n {2}"conversation_id": "([0-9a-f-]{36})"\n\}$/m.exec(run.stdout)?.[1];
  expect(id).toBeDefined();
  expect(run.stdout).toContain(`$ thulium-chat send ${id} 'Hello, world!'\nSend a message in a chat conversation: done\n`);
  expect(run.stdout).toContain(`$ thulium-chat stop ${id}\nstopped 1, failed 0\n`);
  expect(run.stdout).toMatch(/^stopped 100, failed 0$/m);
  expect(run.stdout).toMatch(/Prism stopped\. Every command exited 0\.\n$/);
}, 60_000);
