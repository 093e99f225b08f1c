/** `thulium-chat webhooks listen` started on a free port, in this process or, with `spawned`, as a child process. */
import type { Signal } from "../../src/cli/interrupt.js";
import { type CliRun, runCli, spawnCli } from "./run-cli.js";

export interface Listener {
  /** Where it listens, without a trailing slash. */
  url: string;
  run: Promise<CliRun>;
  /** The run, to signal. */
  child: { kill(signal: Signal): unknown };
  /** Ctrl-C, then what it printed. */
  stop(): Promise<CliRun>;
}

/** Starts `webhooks listen --port 0 …args`; resolves once it has said where it listens. */
export async function startListen(args: string[] = [], stdin?: string, { spawned = false } = {}): Promise<Listener> {
  const argv = ["webhooks", "listen", "--port", "0", ...args];
  let child: Listener["child"] | undefined;
  let stderr = () => "";
  let exited = false;
  let run: Promise<CliRun>;
  if (spawned) {
    let text = "";
    run = spawnCli(argv, {
      stdin,
      onSpawn: (c) => {
        child = c;
        c.stderr?.on("data", (chunk: string) => (text += chunk));
      },
    });
    stderr = () => text;
  } else {
    run = runCli(argv, {
      stdin,
      onStart: (cli) => {
        child = cli;
        stderr = () => cli.stderr.text;
      },
    });
  }
  void run.then(() => (exited = true));
  const deadline = Date.now() + 15_000;
  let url: string | undefined;
  while (!(url = /listening on (http:\/\/\S+?)\/ /.exec(stderr())?.[1])) {
    if (Date.now() > deadline || exited) throw new Error(`webhooks listen did not start:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const started = child as Listener["child"];
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
