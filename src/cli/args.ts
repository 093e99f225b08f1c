/**
 * Reads a command's arguments with `util.parseArgs`: global options, one flag
 * per parameter, positionals, each value converted to its schema's type. The
 * client then checks the values against the spec before sending.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { ParameterSpec, SchemaSpec } from "../operations/table.js";
import { nearestName } from "../text/nearest-name.js";
import { printableLine } from "../text/printable-line.js";
import type { Command, Flag } from "./commands.js";
import { UsageError } from "./failure.js";
import { commandOptions, type GlobalValues, globalOptions } from "./flags.js";

export interface CommandArgs {
  readonly global: GlobalValues;
  /** Flat params for the client, without the many-value parameter of a variadic command. */
  readonly params: Record<string, unknown>;
  /** The values of a variadic command's last positional; `-` means stdin. */
  readonly many: readonly string[];
  readonly concurrency: string | undefined;
  /** `--journal FILE` of a many-value run. */
  readonly journal: string | undefined;
  readonly all: boolean;
  /** A secret's `…-stdin` flag that was given: its value is to be read from stdin. */
  readonly secretFromStdin: Flag | undefined;
  /** The command's required text, given as `-`: to be read from stdin. */
  readonly textFromStdin: ParameterSpec | undefined;
}

type ParseOption = { type: "string" | "boolean"; short?: string; multiple?: boolean };

export function parseCommandArgs(command: Command, argv: readonly string[]): CommandArgs {
  const options: Record<string, ParseOption> = {};
  for (const [name, o] of Object.entries(globalOptions)) options[name] = "short" in o ? { type: o.type, short: o.short } : { type: o.type };
  if (command.variadic) {
    options.concurrency = { type: commandOptions.concurrency.type };
    options.journal = { type: commandOptions.journal.type };
  }
  if (command.pages) options.all = { type: commandOptions.all.type };
  for (const flag of command.flags) {
    if (flag.secret) {
      refuseSecretValue(command, flag, argv);
      options[flag.name] = { type: "boolean" };
    } else options[flag.name] = { type: flag.param.schema.type === "boolean" ? "boolean" : "string", multiple: flag.param.schema.type === "array" };
  }

  const { values, positionals } = parseFlags(command.name, argv, options, true);

  const global: GlobalValues = {};
  for (const name of Object.keys(globalOptions)) {
    if (values[name] !== undefined) (global as Record<string, unknown>)[name] = values[name];
  }
  if (global.help)
    return { global, params: {}, many: [], concurrency: undefined, journal: undefined, all: false, secretFromStdin: undefined, textFromStdin: undefined };

  const params: Record<string, unknown> = {};
  const givenBy = new Map<string, string>();
  const give = (param: ParameterSpec, value: unknown, by: string) => {
    const other = givenBy.get(param.name);
    if (other) throw new UsageError(`${command.name}: ${by} and ${other} both give "${param.name}"; give it once`);
    givenBy.set(param.name, by);
    params[param.name] = value;
  };

  let secretFromStdin: Flag | undefined;
  for (const flag of command.flags) {
    const raw = values[flag.name];
    if (raw === undefined) continue;
    const by = `--${flag.name}`;
    if (flag.secret) {
      if (raw !== true) continue;
      if (secretFromStdin) throw new UsageError(`${command.name}: --${secretFromStdin.name} and ${by} would both read stdin; give one`);
      // Claimed now, so that a second flag for the same parameter is refused; main.ts reads the value.
      give(flag.param, undefined, by);
      secretFromStdin = flag;
      continue;
    }
    const value = Array.isArray(raw)
      ? raw.map((item: string) => convert(item, flag.param.schema.items ?? {}, by))
      : typeof raw === "string"
        ? convert(raw, flag.param.schema, by)
        : raw;
    give(flag.param, value, by);
  }

  let many: string[] = [];
  const expected = command.positionals;
  if (!command.variadic && positionals.length > expected.length) {
    const extra = positionals[expected.length] as string;
    throw new UsageError(`${command.name}: unexpected argument ${JSON.stringify(extra)}${expected.length === 0 ? "; this command takes flags only" : ""}`);
  }
  for (const [i, param] of expected.entries()) {
    const last = i === expected.length - 1;
    if (command.variadic && last) {
      many = positionals.slice(i);
      if (many.length > 0 && givenBy.has(param.name))
        throw new UsageError(`${command.name}: <${param.name}> given both as arguments and as ${givenBy.get(param.name)}`);
      if (many.length === 0 && givenBy.has(param.name)) {
        many = [String(params[param.name])];
        delete params[param.name];
      }
      if (many.filter((v) => v === "-").length > 1) throw new UsageError(`${command.name}: "-" (read from stdin) may be given once`);
      continue;
    }
    const raw = positionals[i];
    if (raw !== undefined) give(param, convert(raw, param.schema, `<${param.name}>`), `<${param.name}>`);
  }
  const missing = expected.find((p, i) => p.required && (command.variadic && i === expected.length - 1 ? many.length === 0 : !givenBy.has(p.name)));
  if (missing)
    throw new UsageError(
      `${command.name}: missing <${missing.name}>${command.variadic && missing === expected.at(-1) ? " (one or more, or - to read them from stdin)" : ""}`,
    );

  const textFromStdin = requiredText(command, params);

  return {
    global,
    params,
    many,
    concurrency: values.concurrency as string | undefined,
    journal: values.journal as string | undefined,
    all: values.all === true,
    secretFromStdin,
    textFromStdin,
  };
}

/** The command's required text (aliases.ts): refused when missing or empty; its parameter when `-` says to read it from stdin. */
function requiredText(command: Command, params: Record<string, unknown>): ParameterSpec | undefined {
  const text = command.requiredText;
  if (text === undefined) return undefined;
  const value = params[text.name];
  const why = "a message without text would reach the customer empty";
  if (value === undefined) throw new UsageError(`${command.name}: missing <${text.name}>, or - to read it from stdin: ${why}`);
  if (value === "") throw new UsageError(`${command.name}: <${text.name}> is empty: ${why}`);
  if (value !== "-") return undefined;
  delete params[text.name];
  return text;
}

type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/**
 * `util.parseArgs`, strict, with a mistake worded as one line of the CLI's own
 * (`stop: unknown option "--concurency"; did you mean "--concurrency"?`)
 * rather than Node's text. `where` is the command, as typed.
 */
export function parseFlags<Values = Record<string, unknown>>(
  where: string,
  argv: readonly string[],
  options: FlagOptions,
  allowPositionals: boolean,
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals, allowNegative: true, strict: true });
    return { values: values as Values, positionals };
  } catch (err) {
    const problem = flagProblem(argv, options, allowPositionals) ?? (err as Error).message.split("\n")[0];
    throw new UsageError(`${where}: ${problem} (see thulium-chat ${where} --help)`);
  }
}

/** The first mistake in `argv`, from the tokens a lenient parse gives. */
function flagProblem(argv: readonly string[], options: FlagOptions, allowPositionals: boolean): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, allowNegative: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (!allowPositionals) return `unexpected argument ${JSON.stringify(printableLine(token.value))}; this command takes flags only`;
      continue;
    }
    if (token.kind !== "option") continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    // `--no-x` is known only for a switch.
    const negated = token.rawName.startsWith("--no-") && token.rawName !== `--${token.name}`;
    if (option === undefined || (negated && option.type !== "boolean")) {
      const raw = printableLine(token.rawName);
      const near = raw.startsWith("--") ? nearestName(raw.slice(2), Object.keys(options)) : undefined;
      return `unknown option ${JSON.stringify(raw)}${near === undefined ? "" : `; did you mean "--${near}"?`}`;
    }
    if (option.type === "boolean" && token.inlineValue) return `${token.rawName} takes no value; give it alone`;
    if (option.type === "string" && token.value === undefined) return `${token.rawName} needs a value`;
    if (option.type === "string" && !token.inlineValue && token.value?.startsWith("-")) {
      return `${token.rawName} needs a value, got the option ${JSON.stringify(printableLine(token.value))}; a value starting with - is written ${token.rawName}=-…`;
    }
  }
  return undefined;
}

/** `--auth-password X` or `--auth-password=X` for a secret's `--auth-password-stdin`: refused, without echoing X. */
function refuseSecretValue(command: Command, flag: Flag, argv: readonly string[]): void {
  const bare = `--${flag.name.replace(/-stdin$/, "")}`;
  for (const arg of argv) {
    if (arg === "--") return;
    if (arg === bare || arg.startsWith(`${bare}=`)) {
      throw new UsageError(
        `${command.name}: refusing a secret on the command line (${bare}): it would be kept in shell history and visible in ps; pipe it in with --${flag.name}`,
      );
    }
  }
}

/** A command-line string as the type its schema says; the client checks the rest of the schema. */
export function convert(raw: string, schema: SchemaSpec, where: string): unknown {
  switch (schema.type) {
    case "integer":
      if (!/^[+-]?\d+$/.test(raw.trim())) throw new UsageError(`${where} must be a whole number, got ${JSON.stringify(raw)}`);
      return Number(raw);
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${where} must be a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case "boolean":
      if (raw === "true" || raw === "false") return raw === "true";
      throw new UsageError(`${where} must be true or false, got ${JSON.stringify(raw)}`);
    case "object":
    case "array":
      try {
        return JSON.parse(raw);
      } catch {
        throw new UsageError(`${where} must be JSON, got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)}`);
      }
    default:
      return raw;
  }
}
