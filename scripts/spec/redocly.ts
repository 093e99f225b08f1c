/**
 * The Redocly CLI without its Node 20 box: on Node 20, @redocly/cli 2 prints a 12-line "Deprecation
 * warning: Node.js 20 support is ending" box to stderr on every run, and honours no variable or flag that
 * silences it. `npm run lint:spec` and `npm run build` run it through here, so that `npm test` shows what
 * was linted rather than the box; everything else Redocly prints (problems, other boxes) passes through.
 *
 *   tsx scripts/spec/redocly.ts lint --format=stylish
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** `text` less the box whose lines hold `Node.js 20 support is ending`, and the blank lines around it. */
export function withoutNodeBox(text: string): string {
  return text.replace(/\n*^[ \t]*╔[\s\S]*?╚[^\n]*\n\n?/gm, (box) => (box.includes("Node.js 20 support is ending") ? "" : box));
}

/** Runs `redocly <args>` in `cwd`; stdout as it comes, stderr without the Node 20 box. Returns its exit code. */
export function runRedocly(args: string[], cwd: string): number {
  const result = spawnSync(process.execPath, [require.resolve("@redocly/cli/bin/cli.js"), ...args], {
    cwd,
    stdio: ["ignore", "inherit", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", SCARF_ANALYTICS: "false" },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(withoutNodeBox(result.stderr?.toString("utf8") ?? ""));
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = runRedocly(process.argv.slice(2), process.cwd());
