/**
 * The command set, built from the generated operation table: one command per
 * operation (`stopChatConversation` → `stop-chat-conversation`, one flag per
 * parameter), plus the friendly aliases of aliases.ts. Nothing here names an
 * operation.
 */
import type { OperationSpec, ParameterSpec } from "../generated/operations.js";
import type { Alias } from "./aliases.js";
import { reservedFlags } from "./options.js";

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

export interface Command {
  readonly name: string;
  readonly operationId: string;
  readonly op: OperationSpec;
  readonly flags: readonly Flag[];
  readonly positionals: readonly ParameterSpec[];
  /** The last positional takes many values (or `-` for stdin): one call each. */
  readonly variadic: boolean;
  /** Past tense for a many-value run's summary. */
  readonly done: string;
  /** Client method iterating every page; the command then has `--all`. */
  readonly pages: string | undefined;
  /** A friendly alias, rather than the operation's own name. */
  readonly alias: boolean;
}

export interface CommandSet {
  readonly commands: ReadonlyMap<string, Command>;
  /** Alias names whose operation the spec does not have (yet), with that operationId. */
  readonly unavailable: ReadonlyMap<string, string>;
  /** Table entries that could not be honoured; empty when the spec and the alias table agree. */
  readonly problems: readonly string[];
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

export function buildCommands(operations: Readonly<Record<string, OperationSpec>>, aliases: readonly Alias[]): CommandSet {
  const commands = new Map<string, Command>();
  const unavailable = new Map<string, string>();
  const problems: string[] = [];

  const flagsOf = (operationId: string, op: OperationSpec): Flag[] => {
    const flags: Flag[] = [];
    for (const param of op.parameters) {
      const secret = isSecret(param);
      const name = `${kebab(param.name)}${secret ? "-stdin" : ""}`;
      if (reservedFlags.has(name)) problems.push(`${operationId}: parameter "${param.name}" clashes with the global option --${name}; it has no flag`);
      else flags.push({ name, param, short: false, secret });
    }
    return flags;
  };

  for (const [operationId, op] of Object.entries(operations)) {
    const name = kebab(operationId);
    commands.set(name, {
      name,
      operationId,
      op,
      flags: flagsOf(operationId, op),
      positionals: [],
      variadic: false,
      done: "done",
      pages: undefined,
      alias: false,
    });
  }

  for (const alias of aliases) {
    const op = operations[alias.operationId];
    if (!op) {
      unavailable.set(alias.command, alias.operationId);
      continue;
    }
    const where = `alias "${alias.command}" (${alias.operationId})`;
    if (commands.has(alias.command)) {
      problems.push(`${where}: the name is already a command`);
      continue;
    }
    const find = (paramName: string) => op.parameters.find((p) => p.name === paramName);
    const positionals: ParameterSpec[] = [];
    let variadic = false;
    let ok = true;
    for (const [i, entry] of (alias.positionals ?? []).entries()) {
      const many = entry.endsWith("...");
      const param = find(many ? entry.slice(0, -3) : entry);
      if (!param) problems.push(`${where}: positional "${entry}" is not a parameter of the operation`);
      else if (many && i !== (alias.positionals?.length ?? 0) - 1) problems.push(`${where}: only the last positional may take many values`);
      else {
        positionals.push(param);
        variadic = many;
        continue;
      }
      ok = false;
    }
    const flags = flagsOf(alias.operationId, op);
    for (const [short, paramName] of Object.entries(alias.flags ?? {})) {
      const param = find(paramName);
      if (!param) problems.push(`${where}: flag --${short} names "${paramName}", which is not a parameter of the operation`);
      else if (reservedFlags.has(short) || flags.some((f) => f.name === short)) problems.push(`${where}: flag --${short} clashes with another flag`);
      else if (isSecret(param) !== short.endsWith("-stdin"))
        problems.push(`${where}: flag --${short} must end in -stdin exactly when "${paramName}" is a secret`);
      else flags.push({ name: short, param, short: true, secret: isSecret(param) });
    }
    if (!ok) continue;
    commands.set(alias.command, {
      name: alias.command,
      operationId: alias.operationId,
      op,
      flags,
      positionals,
      variadic,
      done: alias.done ?? "done",
      pages: alias.pages,
      alias: true,
    });
  }
  return { commands, unavailable, problems };
}
