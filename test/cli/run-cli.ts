/** Runs the CLI entry as a subprocess, the way a user's shell would. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The whole environment of the child, besides PATH: nothing leaks in from the test's own. */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  stdin?: string | Iterable<string>;
  /** Node flags before the entry, such as another `--import`. */
  nodeArgs?: string[];
  /** A command the CLI runs under, such as `["prlimit", "--fsize=4096", "--"]`. */
  wrapper?: string[];
  /** Called with the child once it is spawned, e.g. to signal it. */
  onSpawn?: (child: ChildProcess) => void;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const [program, ...before] = [...(options.wrapper ?? []), process.execPath];
  const child = spawn(program as string, [...before, "--import", "tsx", ...(options.nodeArgs ?? []), CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  options.onSpawn?.(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.on("error", () => {}); // the CLI may exit before reading all of it
  const input = options.stdin;
  if (typeof input === "string") child.stdin.end(input);
  else if (input) {
    void (async () => {
      for (const chunk of input) if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once("drain", r));
      child.stdin.end();
    })();
  } else child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Settings for a local server, as environment variables. */
export function envFor(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { THULIUM_BASE_URL: url, THULIUM_USER: "api_user", THULIUM_PASSWORD: "api_pass", ...extra };
}
