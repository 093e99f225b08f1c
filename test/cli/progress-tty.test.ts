/**
 * The progress line of a bulk run as a person sees it: the CLI on a pseudo-terminal (util-linux's
 * `script`), its stderr read back as the terminal got it. With a known total (ids as arguments, a
 * file on stdin, a journal on resume) and an unknown one (a pipe).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeThulium as FaultServer, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";
import { CLI, envFor } from "./run-cli.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "thulium-progress-"));
let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer(() => ({ status: 204, delayMs: 40 }));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = Array.from({ length: 60 }, () => randomUUID());
const idsFile = join(dir, "ids.txt");
writeFileSync(idsFile, `${ids.join("\n")}\n`);

/**
 * Runs `shell` (with $CLI the thulium-chat command) on a terminal 120 columns wide; the
 * progress lines it drew, each as the terminal last showed it before clearing it, and the rest.
 */
function onTerminal(shell: string): Promise<{ code: number | null; progress: string[]; text: string }> {
  const child = spawn("script", ["-q", "-e", "-c", `stty cols 120; ${shell}`, "/dev/null"], {
    env: { ...envFor(server.url), PATH: process.env.PATH ?? "", SHELL: "/bin/sh", NODE: process.execPath, CLI_ENTRY: CLI, IDS: idsFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const pieces = out.split("\r\u001b[2K");
      // A piece that ends without a newline was a progress line; the next piece cleared or redrew it.
      const progress = pieces.slice(1).filter((p) => p !== "" && !p.includes("\n"));
      resolve({ code, progress, text: pieces.filter((p) => p.includes("\n")).join("") });
    });
  });
}

const CMD = '"$NODE" --import tsx "$CLI_ENTRY"';

describe.skipIf(!hasScript)("the progress line on a terminal", () => {
  it("with an unknown total (ids piped in): what this run has done, the rate and the time elapsed, no bar and no ETA", async () => {
    const run = await onTerminal(`cat "$IDS" | ${CMD} stop - --concurrency 2`);
    expect(run.code).toBe(0);
    expect(run.text).toContain("stopped 60, failed 0");
    expect(run.progress.length).toBeGreaterThan(2);
    for (const line of run.progress) expect(line).toMatch(/^stop \d+ done · \d+(\.\d)?\/s · \d+:\d\d elapsed$/);
    expect(run.progress.some((line) => /^stop [1-9]\d* done · [1-9]/.test(line))).toBe(true);
  }, 30_000);

  it("with a known total (a file on stdin, ids as arguments): a bar, done of the total, the rate, the time elapsed and the ETA", async () => {
    for (const shell of [`${CMD} stop - --concurrency 2 < "$IDS"`, `${CMD} stop --concurrency 2 $(cat "$IDS")`]) {
      const run = await onTerminal(shell);
      expect(run.code).toBe(0);
      expect(run.text).toContain("stopped 60, failed 0");
      const withTotal = run.progress.filter((line) => line.includes("/60 done"));
      expect(withTotal.length).toBeGreaterThan(2);
      for (const line of withTotal) expect(line).toMatch(/^stop \[[#.]{20}\] \d+\/60 done · \d+(\.\d)?\/s · \d+:\d\d elapsed( · ETA \d+:\d\d)?$/);
      expect(withTotal.some((line) => /\/60 done · [1-9][\d.]*\/s · \d+:\d\d elapsed · ETA \d+:\d\d$/.test(line))).toBe(true);
    }
  }, 60_000);

  it("on resume: counts what this run sends, of the ids the journal does not have, and says how many it skipped", async () => {
    const journal = join(dir, "resume.jsonl");
    const first = await onTerminal(`${CMD} stop --journal "${journal}" ${ids.slice(0, 20).join(" ")}`);
    expect(first.code).toBe(0);
    const run = await onTerminal(`${CMD} stop - --concurrency 2 --journal "${journal}" < "$IDS"`);
    expect(run.code).toBe(0);
    expect(run.text).toContain(`journal ${journal}: 20 done in earlier runs; those are skipped`);
    expect(run.text).toContain("stopped 40, failed 0, skipped 20 done in earlier runs");
    const withTotal = run.progress.filter((line) => line.includes("/40 done"));
    expect(withTotal.length).toBeGreaterThan(1);
    expect(withTotal.some((line) => /^stop \[[#.]{20}\] [1-9]\d*\/40 done, 20 skipped · /.test(line))).toBe(true);
    expect(run.progress.some((line) => line.includes("/60"))).toBe(false);
  }, 30_000);
});
