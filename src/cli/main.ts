#!/usr/bin/env node
/**
 * The `thulium-chat` bin: the process wired to `run` (run.ts), which does
 * the rest. Here only what a process has: its arguments, streams,
 * environment, signals and exit code, and a reader that goes away.
 */
import { EXIT } from "./failure.js";
import { listenForInterrupts } from "./interrupt.js";
import { run } from "./run.js";

const { stdout, stderr } = process;

// EIO: the terminal closed (SIGHUP follows), which the run stops on as it does for a reader gone.
stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE" && err.code !== "EIO") throw err;
  // The reader went away (`| head`): stop quietly, unless a bulk run listens too, to stop as on Ctrl-C.
  if (stdout.listenerCount("error") === 1) process.exit(process.exitCode ?? EXIT.ok);
});

// A reader of stderr that went away (`|& head`) leaves nowhere to say anything more: the exit code still
// tells. A bulk run listens too, to stop as on Ctrl-C.
stderr.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE" && err.code !== "EIO") throw err;
});

// `run` never rejects: what went wrong is on stderr, and in the code.
void run(process.argv.slice(2), { stdin: process.stdin, stdout, stderr, env: process.env, interrupt: listenForInterrupts() }).then((code) => {
  process.exitCode = code;
});
