/**
 * Runs the CLI as a user's shell would: in this process (`runCli`, through `run` of src/cli/run.ts with
 * streams, environment and signals of its own, so runs cannot see each other's or the test's), or as a
 * child process of the bin (`spawnCli`), for what only a process shows.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { interruptSource, type Signal } from "../../src/cli/interrupt.js";
import { run } from "../../src/cli/run.js";

export const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

export interface CliRun {
  /** `null` when a signal killed the child process. */
  code: number | null;
  /** The signal that killed the child process (`spawnCli` only; absent when none did). */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The whole environment of the run (of the child, besides PATH): nothing leaks in from the test's own. */
  env?: Record<string, string>;
  /** The run's stdin, which then ends. */
  stdin?: string | Iterable<string>;
}

/** An in-process run under way. */
export interface RunningCli {
  /** Raises `signal` in the run, as `kill -INT` or `kill -TERM` would in a process. */
  kill(signal: Signal): void;
  readonly stdout: Capture;
  readonly stderr: Capture;
}

/** What a run writes to stdout or stderr, kept as text, as a pipe to the test would take it. */
export class Capture extends Writable {
  text = "";

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface InProcessOptions extends CliOptions {
  /** Called once the run has started, to signal it or read what it has printed so far. */
  onStart?: (cli: RunningCli) => void;
}

/** Runs the CLI in this process; resolves when it returns its exit code, or when a signal would have ended the process. */
export function runCli(args: readonly string[], options: InProcessOptions = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  return new Promise((resolve, reject) => {
    const end = (code: number) => resolve({ code, stdout: stdout.text, stderr: stderr.text });
    // A third signal (or a second nothing waits for) ends a process at once: the run is then over for its caller.
    const signals = interruptSource(end);
    const io = { stdin: stdinOf(options.stdin), stdout, stderr, env: { ...options.env }, interrupt: signals.interrupt };
    run(args, io).then(end, reject);
    options.onStart?.({ kill: signals.raise, stdout, stderr });
  });
}

/** A stream of `input`'s bytes, as a pipe would give them; empty when there is none. */
function stdinOf(input: string | Iterable<string> | undefined): Readable {
  const chunks = input === undefined ? [] : typeof input === "string" ? [input] : input;
  return Readable.from(
    (function* () {
      for (const chunk of chunks) yield Buffer.from(chunk);
    })(),
    { objectMode: false },
  );
}

export interface SpawnOptions extends CliOptions {
  /** Node flags before the entry, such as another `--import`. */
  nodeArgs?: string[];
  /** A command the CLI runs under, such as `["prlimit", "--fsize=4096", "--"]`. */
  wrapper?: string[];
  /** Called with the child once it is spawned, e.g. to signal it. */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs the bin as a child process, `node --import tsx src/cli/main.ts …args`. */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliRun> {
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
    // `signal` only when one killed it, so that a test can compare a whole run with toEqual.
    child.on("close", (code, signal) => resolve({ code, stdout, stderr, ...(signal ? { signal } : {}) }));
  });
}

/** Settings for a local server, as environment variables. */
export function envFor(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { THULIUM_BASE_URL: url, THULIUM_USER: "api_user", THULIUM_PASSWORD: "api_pass", ...extra };
}
