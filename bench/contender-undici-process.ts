/**
 * The bench's side of contender (a): bench/contender-undici.ts in a child process, one measured run
 * per call of `run`. A file of its own, so that the child and the harness do not import each other.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunRequest } from "./contender-undici.js";
import type { LoadResult } from "./harness.js";

export interface ContenderA {
  run(request: RunRequest): Promise<LoadResult>;
  stop(): Promise<void>;
}

export function startContenderA(): ContenderA {
  const child = fork(fileURLToPath(new URL("contender-undici.ts", import.meta.url)), [], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return {
    run: (request) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`contender (a) exited with ${code}`));
        child.once("exit", onExit);
        child.once("message", (msg: { result?: LoadResult; error?: string }) => {
          child.off("exit", onExit);
          if (msg.result) resolve(msg.result);
          else reject(new Error(`contender (a): ${msg.error}`));
        });
        child.send(request);
      }),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.disconnect();
      }),
  };
}
