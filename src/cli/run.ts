/**
 * `thulium-chat` as a function: every operation of the generated table as a
 * command, plus the aliases of aliases.ts. Results go to stdout; errors go to
 * stderr as one line, and then stdout stays empty. Exit codes are in
 * failure.ts. Whatever it reads or writes comes through `io` (streams,
 * environment, signals, clock): the bin (main.ts) passes the process's, a
 * test its own, so that runs in one process cannot see each other's.
 */
import type { Readable } from "node:stream";
import { createThuliumClient, type ThuliumClient, type ThuliumClientOptions } from "../client/create-client.js";
import type { Env } from "../client/environment.js";
import { atLevel, attemptLine, type LogLevel } from "../client/log-level.js";
import { VERSION } from "../client/version.js";
import { ThuliumInputError } from "../errors/thulium-errors.js";
import { operations } from "../generated/operations.js";
import type { AttemptEvent, ThuliumLogger } from "../http/types.js";
import { nearestName } from "../text/nearest-name.js";
import { printableLine } from "../text/printable-line.js";
import { aliases } from "./aliases.js";
import { type CommandArgs, parseCommandArgs } from "./args.js";
import { attemptNumber, journalTarget, runBulk } from "./bulk/index.js";
import type { CliOutput } from "./cli-output.js";
import { buildCommands, type Command } from "./commands.js";
import { clientOptions, logLevelOf, optionSource, readSecret, refusePasswordFlag, wholeNumber } from "./connection.js";
import { EXIT, exitCodeOf, isExpected, reason, UsageError } from "./failure.js";
import { commandOptions, DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, globalOptions, MAX_CONCURRENCY } from "./flags.js";
import { commandHelp, groupHelp, mainHelp } from "./help.js";
import { type Interrupt, interruptedExit } from "./interrupt.js";
import { listenCommand, runListen } from "./listen.js";
import { maskSecrets, secretNames } from "./masking.js";
import { jsonText, renderHuman } from "./output.js";
import { printPages } from "./pages.js";
import { Progress } from "./progress.js";
import { proxyFor, unusedProxyVariable } from "./proxy-settings.js";
import { readText } from "./stdin.js";

export interface CliIO {
  readonly stdin: Readable;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Where THULIUM_* settings are read, under their flags; nothing else is read from the environment. */
  readonly env: Env;
  /** Ctrl-C and SIGTERM (interrupt.ts). */
  readonly interrupt: Interrupt;
  /** The clock of the progress line, in milliseconds; `performance.now` unless given. */
  readonly now?: () => number;
}

const PROGRAM = "thulium-chat";
const commandSet = buildCommands(operations, aliases);
/** Commands that call no operation. */
const localCommands = [listenCommand];
const commandNames = [...commandSet.commands.keys(), ...localCommands.map((c) => c.name)];
/** First words of two-word commands: `webhooks` of `webhooks list`. */
const groups = new Set(commandNames.filter((n) => n.includes(" ")).map((n) => n.split(" ")[0] as string));
const secrets = secretNames(operations);

/** Runs the command `argv` names; resolves to the exit code, having told stderr what went wrong. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    io.stderr.write(isExpected(err) ? `${PROGRAM}: ${reason(err)}\n` : `${PROGRAM}: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    // A call cancelled by SIGTERM says 143, as the shell would.
    return exitCodeOf(err) === EXIT.interrupted ? (interruptedExit(io.interrupt) ?? EXIT.interrupted) : exitCodeOf(err);
  }
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const { stdout } = io;
  refusePasswordFlag(argv);
  let { name, rest } = splitCommand(argv);
  if (name === undefined) {
    if (rest.includes("--version")) stdout.write(`${VERSION}\n`);
    else if (rest.includes("--help") || rest.includes("-h")) stdout.write(mainHelp(commandSet, localCommands));
    else throw new UsageError(rest.length === 0 ? `no command given; see ${PROGRAM} --help` : `expected a command before ${rest[0]}; see ${PROGRAM} --help`);
    return EXIT.ok;
  }
  if (groups.has(name)) {
    const group = name;
    const sub = splitCommand(rest);
    if (sub.name === undefined) {
      if (rest.includes("--help") || rest.includes("-h")) {
        stdout.write(groupHelp(commandSet, group, localCommands));
        return EXIT.ok;
      }
      const words = commandNames.filter((n) => n.startsWith(`${group} `)).map((n) => n.slice(group.length + 1));
      throw new UsageError(`${group} needs a command: ${words.join(", ")} (see ${PROGRAM} ${group} --help)`);
    }
    name = `${group} ${sub.name}`;
    rest = sub.rest;
  }
  if (name === listenCommand.name) return runListen(rest, { stdin: io.stdin, stdout, stderr: io.stderr, signal: io.interrupt.stop });
  const command = findCommand(name);
  const args = parseCommandArgs(command, rest);
  if (args.global.help) {
    stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  if (args.global.version) {
    stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  try {
    return await runCommand(command, args, io);
  } catch (err) {
    // Name the flag behind a parameter the client rejected.
    if (err instanceof ThuliumInputError && err.field !== undefined) {
      const where = whereGiven(command, err.field);
      if (where) throw new UsageError(`${reason(err)} (${where})`);
    }
    throw err;
  }
}

async function runCommand(command: Command, args: CommandArgs, io: CliIO): Promise<number> {
  const { stdin, stdout, stderr, interrupt } = io;
  const json = args.global.json === true;
  let concurrency = DEFAULT_CONCURRENCY;
  if (args.concurrency !== undefined) {
    concurrency = wholeNumber(args.concurrency, "--concurrency");
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) throw new UsageError(`--concurrency must be from 1 to ${MAX_CONCURRENCY}, got ${concurrency}`);
  }
  if ((args.many.includes("-") || args.textFromStdin) && args.global["password-stdin"]) {
    throw new UsageError(`- and --password-stdin would both read stdin; set THULIUM_PASSWORD instead`);
  }
  const text = args.textFromStdin;
  if (text) args.params[text.name] = await readText(stdin, `${command.name} <${text.name}>`);
  const secret = args.secretFromStdin;
  if (secret) {
    if (args.global["password-stdin"]) throw new UsageError(`--${secret.name} and --password-stdin would both read stdin; set THULIUM_PASSWORD instead`);
    args.params[secret.param.name] = await readSecret(stdin, `--${secret.name}`);
  }
  const shown = (value: unknown) => (args.global["show-secrets"] ? value : maskSecrets(value, secrets));
  const progress = new Progress(stderr, command.name, io.now);
  const note = (line: string) => progress.note(line);
  const level = logLevelOf(args.global, io.env);
  const options = await clientOptions(args.global, io.env, stdin, cliLogger(level, note));
  // Told what the proxy does where attempts are logged (--verbose, THULIUM_LOG).
  await sendThroughProxy(options, io.env, level === undefined || level === "off" ? undefined : note);
  const client = clientFor(options);
  const call = command.method(client);

  if (command.variadic) {
    return runBulk({
      command,
      values: args.many,
      params: args.params,
      call,
      maxRetries: args.global["max-retries"] === undefined ? DEFAULT_MAX_RETRIES : wholeNumber(args.global["max-retries"], "--max-retries"),
      concurrency,
      json,
      journal: args.journal,
      target: journalTarget(options),
      stdin,
      stdout,
      stderr,
      progress,
      interrupt,
    });
  }
  if (args.all) return printPages((command.pages as NonNullable<Command["pages"]>)(client, args.params, interrupt.stop), { json, shown, stdout });
  const result = shown(await call(args.params, { signal: interrupt.stop }));
  if (json) stdout.write(`${jsonText(result, 2)}\n`);
  else stdout.write(result === undefined ? `${command.op.summary}: done\n` : renderHuman(result));
  return EXIT.ok;
}

/** The client on `options`, each of which the CLI gives (nothing is left to the environment); an option it refuses is named by its flag. */
function clientFor(options: ThuliumClientOptions): ThuliumClient {
  try {
    return createThuliumClient(options);
  } catch (err) {
    if (err instanceof ThuliumInputError && err.field !== undefined && optionSource[err.field]) {
      // The library names its option; the CLI's flag for it is --allow-insecure-http.
      const insecure = err.field === "baseUrl" && /^http:/i.test(options.baseUrl ?? "") && !options.allowInsecureHttp;
      throw new UsageError(`${optionSource[err.field]}: ${err.message}${insecure ? " (on the command line, pass --allow-insecure-http)" : ""}`);
    }
    throw err;
  }
}

/** The first argument that is neither an option nor an option's value is the command. */
function splitCommand(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") break;
    if (!arg.startsWith("-")) return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (!arg.startsWith("--")) continue;
    const option = globalOption(arg.slice(2).split("=")[0] as string);
    if (option?.type === "string" && !arg.includes("=")) i++;
  }
  return { name: undefined, rest: [...argv] };
}

/** The global option `--name` (or `--no-name` of a switch) names; refused, naming the nearest, when there is none. */
function globalOption(name: string): { type: string } {
  const options: Readonly<Record<string, { type: string }>> = globalOptions;
  const option = Object.hasOwn(options, name) ? options[name] : undefined;
  const negated = name.startsWith("no-") && Object.hasOwn(options, name.slice(3)) ? options[name.slice(3)] : undefined;
  if (option !== undefined) return option;
  if (negated?.type === "boolean") return negated;
  const flag = JSON.stringify(`--${printableLine(name)}`);
  if (Object.hasOwn(commandOptions, name)) throw new UsageError(`${flag} is an option of some commands: give it after the command (see ${PROGRAM} --help)`);
  const near = nearestName(name, [...Object.keys(globalOptions), ...Object.keys(commandOptions)]);
  throw new UsageError(`unknown option ${flag}${near === undefined ? "" : `; did you mean "--${near}"?`} (see ${PROGRAM} --help)`);
}

/** How the user gives a parameter to this command: `<id>`, `--queue` or `--chat-queue-id`. */
function whereGiven(command: Command, paramName: string): string | undefined {
  if (command.positionals.some((p) => p.name === paramName)) return `<${paramName}>`;
  const flags = command.flags.filter((f) => f.param.name === paramName);
  const flag = flags.find((f) => f.short) ?? flags[0];
  return flag && `--${flag.name}`;
}

function findCommand(name: string): Command {
  const command = commandSet.commands.get(name);
  if (command) return command;
  // The names one could have meant: a group's own commands, or the first words.
  const group = name.includes(" ") ? name.slice(0, name.indexOf(" ") + 1) : undefined;
  const known = commandNames.filter((c) => (group === undefined ? !c.includes(" ") : c.startsWith(group)));
  const near = nearestName(name, group === undefined ? [...known, ...groups] : known);
  throw new UsageError(
    `unknown command ${JSON.stringify(printableLine(name))}${near === undefined ? "" : `; did you mean "${near}"?`} (see ${PROGRAM}${group === undefined ? "" : ` ${group.trim()}`} --help)`,
  );
}

/**
 * The client's logger, writing to stderr through `note`: with `--verbose` or THULIUM_LOG, what its level lets
 * through, one line per HTTP attempt; without them, only a 2xx answer that breaks the spec (the library would
 * otherwise print it with `console.warn`, past the run's stderr).
 */
function cliLogger(level: LogLevel | undefined, note: (line: string) => void): ThuliumLogger {
  const log = (e: AttemptEvent, message: string) =>
    note(e.responseProblem !== undefined ? printableLine(`${PROGRAM}: ${message}`) : `${PROGRAM}: ${attemptLine(e, attemptNumber(e.attempt))}`);
  if (level !== undefined) return atLevel({ debug: log, info: log, warn: log, error: log }, level);
  const drift = (e: AttemptEvent, message: string) => (e.responseProblem === undefined ? undefined : log(e, message));
  return { debug: drift, info: drift, warn: drift, error: drift };
}

/**
 * Sets `options.fetch` to go through the proxy the environment names for the calls' protocol (a system's
 * calls are https). undici is loaded only then: see proxy.ts.
 */
async function sendThroughProxy(options: ThuliumClientOptions, env: Env, note: ((line: string) => void) | undefined): Promise<void> {
  const protocol = options.system !== undefined ? "https:" : /^http:/i.test(options.baseUrl ?? "") ? "http:" : "https:";
  const proxy = proxyFor(env, protocol);
  if (proxy) options.fetch = (await import("./proxy.js")).fetchThroughProxy(proxy, note);
  const unused = unusedProxyVariable(env, protocol);
  if (unused) note?.(`${PROGRAM}: ${unused} is not used for https:// URLs, as with curl; set HTTPS_PROXY to send through a proxy`);
}
