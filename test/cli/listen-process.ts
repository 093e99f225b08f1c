/** `thulium-chat webhooks listen` as a child process, started on a free port. */
import type { ChildProcess } from "node:child_process";
import { type CliRun, runCli } from "./run-cli.js";

export interface Listener {
  /** Where it listens, without a trailing slash. */
  url: string;
  run: Promise<CliRun>;
  child: ChildProcess;
  /** Ctrl-C, then what it printed. */
  stop(): Promise<CliRun>;
}

/** Starts `webhooks listen --port 0 …args`; resolves once it has said where it listens. */
export async function startListen(args: string[] = [], stdin?: string): Promise<Listener> {
  let child: ChildProcess | undefined;
  const run = runCli(["webhooks", "listen", "--port", "0", ...args], { stdin, onSpawn: (c) => (child = c) });
  let stderr = "";
  child!.stderr!.on("data", (chunk: string) => (stderr += chunk));
  const deadline = Date.now() + 15_000;
  let url: string | undefined;
  while (!(url = /listening on (http:\/\/\S+?)\/ /.exec(stderr)?.[1])) {
    if (Date.now() > deadline || child!.exitCode !== null) throw new Error(`webhooks listen did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const started = child!;
  return {
    url,
    run,
    child: started,
    stop() {
      started.kill("SIGINT");
      return run;
    },
  };
}
