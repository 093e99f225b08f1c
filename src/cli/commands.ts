/**
 * The command set, built from the generated operation table: one command per
 * operation (`stopChatConversation` → `stop-chat-conversation`, one flag per
 * parameter), plus the friendly aliases of aliases.ts. Nothing here names an
 * operation.
 */
import type { ThuliumClient } from "../client/create-client.js";
import type { OperationSpec, ParameterSpec } from "../operations/table.js";
import type { Alias } from "./aliases.js";
import { reservedFlags } from "./flags.js";

export interface Flag {
  /** Without the dashes: `chat-queue-id`. */
  readonly name: string;
  readonly param: ParameterSpec;
  /** A short name from the alias table, such as `queue`. */
  readonly short: boolean;
  /**
   * A secret (`format: password` in the spec): the flag is a switch, named
   * `…-stdin`, and the value is read from stdin, never from the command line.
   */
  readonly secret: boolean;
}

/** One call of an operation with the CLI's params, which the client checks against the spec before sending anything. */
export type Call = (params: Record<string, unknown>, options: { signal: AbortSignal; maxRetries?: number }) => Promise<unknown>;

export interface Command {
  readonly name: string;
  readonly operationId: string;
  readonly op: OperationSpec;
  /** The client's method for the operation. */
  readonly method: (client: ThuliumClient) => Call;
  readonly flags: readonly Flag[];
  readonly positionals: readonly ParameterSpec[];
  /** The last positional takes many values (or `-` for stdin): one call each. */
  readonly variadic: boolean;
  /** A text the command requires, which `-` reads from stdin (aliases.ts). */
  readonly requiredText: ParameterSpec | undefined;
  /** Past tense for a many-value run's summary. */
  readonly done: string;
  /** Iterates every page through the client; the command then has `--all`. */
  readonly pages: Alias["pages"];
  /** A friendly alias, rather than the operation's own name. */
  readonly alias: boolean;
}

export interface CommandSet {
  readonly commands: ReadonlyMap<string, Command>;
}

/** Whether the spec marks the parameter a secret: its value never goes on the command line. */
export function isSecret(param: ParameterSpec): boolean {
  return param.schema.secret === true;
}

/** `stopChatConversation` → `stop-chat-conversation`; `date_from` → `date-from`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[_\s]+/g, "-")
    .toLowerCase();
}

/**
 * Every operation as a command, then each alias. The alias table is trusted
 * here: test/cli/commands.test.ts checks it against the spec.
 */
export function buildCommands(operations: Readonly<Record<string, OperationSpec>>, aliases: readonly Alias<string>[]): CommandSet {
  const commands = new Map<string, Command>();
  // A parameter whose flag would shadow a global option gets none; the test names it.
  const flagsOf = (op: OperationSpec): Flag[] =>
    op.parameters.map((param) => ({ name: flagName(param), param, short: false, secret: isSecret(param) })).filter((f) => !reservedFlags.has(f.name));

  for (const [operationId, op] of Object.entries(operations)) {
    const name = kebab(operationId);
    commands.set(name, {
      name,
      operationId,
      op,
      method: methodOf(operationId),
      flags: flagsOf(op),
      positionals: [],
      variadic: false,
      requiredText: undefined,
      done: "done",
      pages: undefined,
      alias: false,
    });
  }

  for (const alias of aliases) {
    const op = operations[alias.operationId] as OperationSpec;
    const param = (name: string) => op.parameters.find((p) => p.name === name) as ParameterSpec;
    const entries = alias.positionals ?? [];
    const shortFlags = Object.entries(alias.flags ?? {}).map(([short, name]) => ({
      name: short,
      param: param(name),
      short: true,
      secret: isSecret(param(name)),
    }));
    commands.set(alias.command, {
      name: alias.command,
      operationId: alias.operationId,
      op,
      method: methodOf(alias.operationId),
      flags: [...flagsOf(op), ...shortFlags],
      positionals: entries.map((entry) => param(entry.replace(/\.\.\.$/, ""))),
      variadic: entries.at(-1)?.endsWith("...") ?? false,
      requiredText: alias.requiredText === undefined ? undefined : param(alias.requiredText),
      done: alias.done ?? "done",
      pages: alias.pages,
      alias: true,
    });
  }
  return { commands };
}

/**
 * The client's method for an operation of the table: the one place the CLI goes from the spec's
 * operationId to a function. The CLI's params are untyped until the client checks them.
 */
function methodOf(operationId: string): (client: ThuliumClient) => Call {
  return (client) => (client as unknown as Record<string, Call>)[operationId] as Call;
}

/** The flag of a parameter: its name in kebab-case, with `-stdin` for a secret. */
export function flagName(param: ParameterSpec): string {
  return `${kebab(param.name)}${isSecret(param) ? "-stdin" : ""}`;
}
