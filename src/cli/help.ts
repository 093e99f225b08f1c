/** `--help` text, from the spec's summaries in the generated table and its parameter descriptions (src/generated/descriptions.ts). */
import { parameterDescriptions } from "../generated/descriptions.js";
import type { ParameterSpec } from "../operations/table.js";
import { type Command, type CommandSet, isSecret } from "./commands.js";
import { commandOptions, type GlobalOption, globalOptions } from "./flags.js";

const EXIT_CODES =
  "Exit codes: 0 success; 1 Thulium answered with an error, or any value of a many-value run failed; 2 usage or input error (nothing sent); " +
  "3 timeout or connection failure, or a many-value run stopped because the server looked unreachable or throttled it for 2 minutes; " +
  "129 SIGHUP (the terminal closed); 130 Ctrl-C; 143 SIGTERM.";

/** A command that calls no operation (`webhooks listen`), for the command lists. */
export interface LocalCommandRow {
  readonly usage: string;
  readonly summary: string;
}

export function mainHelp(set: CommandSet, local: readonly LocalCommandRow[] = []): string {
  const all = [...set.commands.values()];
  const aliasRows = [...all.filter((c) => c.alias).map((c) => [usageLine(c), c.op.summary] as const), ...local.map((l) => [l.usage, l.summary] as const)];
  const opRows = all.filter((c) => !c.alias).map((c) => [c.name, c.op.summary] as const);
  return [
    "thulium-chat: Thulium's chat API from the command line.",
    "",
    "Usage: thulium-chat <command> [arguments] [options]",
    "       thulium-chat <command> --help",
    "",
    "Commands:",
    ...rows(aliasRows),
    "",
    "Every operation of the spec, with one flag per parameter:",
    ...rows(opRows),
    "",
    "Connection (a flag, else the environment variable):",
    ...rows(optionRows(["system", "base-url", "user", "password-stdin", "timeout-ms", "max-retries", "accept-language", "allow-insecure-http"])),
    "  Behind a proxy, as for curl: HTTPS_PROXY=http://[user:password@]host:port (HTTP_PROXY for http:// URLs), NO_PROXY=hosts",
    "",
    "Output:",
    ...rows(optionRows(["json", "verbose", "show-secrets", "help", "version"])),
    "",
    EXIT_CODES,
    "",
  ].join("\n");
}

/** `thulium-chat webhooks --help`: the commands of a group. */
export function groupHelp(set: CommandSet, group: string, local: readonly LocalCommandRow[] = []): string {
  const inGroup = (name: string) => name.startsWith(`${group} `);
  const list = [
    ...[...set.commands.values()].filter((c) => inGroup(c.name)).map((c) => [usageLine(c), c.op.summary] as const),
    ...local.filter((l) => inGroup(l.usage)).map((l) => [l.usage, l.summary] as const),
  ];
  return [
    `Usage: thulium-chat ${group} <command> [arguments] [options]`,
    "       thulium-chat <command> --help",
    "",
    "Commands:",
    ...rows(list),
    "",
    "Connection and output options: thulium-chat --help",
    "",
  ].join("\n");
}

export function commandHelp(c: Command): string {
  const op = c.op;
  const many = c.variadic ? (c.positionals.at(-1) as ParameterSpec) : undefined;
  const args = c.positionals.map(
    (p) =>
      [
        `<${p.name}>${p === many ? "..." : ""}`,
        [describe(c, p), p === many ? "Several values make one call each, or - reads them from stdin, one per line." : ""].filter(Boolean).join(" "),
      ] as const,
  );
  const flags: (readonly [string, string])[] = c.flags.map((f) => {
    const p = f.param;
    const same = f.short ? `same as --${kebabOf(c, p)}` : c.positionals.includes(p) ? `same as <${p.name}>` : describe(c, p);
    return [`--${f.name}${f.secret || p.schema.type === "boolean" ? "" : ` <${placeholder(p)}>`}`, same] as const;
  });
  if (c.variadic) flags.push(optionRow("concurrency", commandOptions.concurrency), optionRow("journal", commandOptions.journal));
  if (c.pages) flags.push(optionRow("all", commandOptions.all));
  return [
    `Usage: thulium-chat ${usageLine(c)}`,
    "",
    `${op.summary}.`,
    `Operation ${c.operationId}: ${op.method} ${op.path}${op.idempotent ? " (safe to repeat: retried on timeouts and 5xx)" : ""}.`,
    ...(args.length > 0 ? ["", "Arguments:", ...rows(args)] : []),
    ...(flags.length > 0 ? ["", "Options:", ...rows(flags)] : []),
    "",
    "Connection and output options: thulium-chat --help",
    EXIT_CODES,
    "",
  ].join("\n");
}

function usageLine(c: Command): string {
  const parts = [c.name];
  for (const p of c.positionals) parts.push(`<${p.name}>${c.variadic && p === c.positionals.at(-1) ? "..." : ""}`);
  for (const f of c.flags) {
    if (!f.param.required || c.positionals.includes(f.param)) continue;
    if (c.flags.some((g) => g.short && g.param === f.param) && !f.short) continue;
    parts.push(f.secret ? `--${f.name}` : `--${f.name} <${placeholder(f.param)}>`);
  }
  parts.push("[options]");
  return parts.join(" ");
}

function kebabOf(c: Command, p: ParameterSpec): string {
  return c.flags.find((f) => f.param === p && !f.short)?.name ?? p.name;
}

function describe(c: Command, p: ParameterSpec): string {
  const notes: string[] = [];
  if (isSecret(p)) notes.push("Read from stdin, one line: a secret never goes on the command line.");
  if (p.required) notes.push("Required.");
  if (c.requiredText === p) notes.push("Required here, as a message without text would reach the customer empty; - reads it from stdin.");
  if (p.schema.type === "array") notes.push("Repeat the flag for several values.");
  if (p.schema.minimum !== undefined || p.schema.maximum !== undefined) notes.push(`From ${p.schema.minimum ?? "-∞"} to ${p.schema.maximum ?? "∞"}.`);
  const described: Readonly<Record<string, Readonly<Record<string, string>>>> = parameterDescriptions;
  return [described[c.operationId]?.[p.name] ?? "", ...notes].filter(Boolean).join(" ");
}

function placeholder(p: ParameterSpec): string {
  const s = p.schema.type === "array" ? (p.schema.items ?? {}) : p.schema;
  if (s.enum) return s.enum.map(String).join("|");
  if (s.format) return s.format;
  if (s.type === "integer" || s.type === "number") return "n";
  if (s.type === "object") return "json";
  return "text";
}

function optionRows(names: (keyof typeof globalOptions)[]): (readonly [string, string])[] {
  return names.map((name) => optionRow(name, globalOptions[name]));
}

function optionRow(name: string, o: GlobalOption): readonly [string, string] {
  const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` ${o.value}` : ""}`;
  return [flag, `${o.env ? `[${o.env}] ` : ""}${o.help}`];
}

function rows(list: readonly (readonly [string, string])[]): string[] {
  const width = Math.min(40, Math.max(0, ...list.map(([left]) => left.length)));
  return list.map(([left, right]) => (left.length > width ? `  ${left}\n  ${" ".repeat(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`).trimEnd());
}
