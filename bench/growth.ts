/**
 * Growth with the spec: for synthetic specs of 50, 200 and 800 operations, in a
 * scratch copy of the project (the real scripts/codegen/generate.ts and src/, unchanged),
 * times `npm run generate`'s script, times `tsc --noEmit` on a consumer calling 20
 * operations, and bundles an app calling one operation.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSource, type BundleSize, bundleSize } from "./bundle.js";
import { ROOT } from "./harness.js";
import { round } from "./stats.js";
import { consumerSource, syntheticSpec } from "./synthetic-spec.js";

export interface GrowthPoint {
  operations: number;
  generateMs: number;
  typecheckMs: number;
  /** An app calling one operation through the core entry. */
  bundle: BundleSize;
}

export interface GrowthResult {
  consumerCalls: number;
  points: GrowthPoint[];
  /** Per 4× operations: time(4n) / time(n). At most 4 is linear or better. */
  generateRatios: number[];
  typecheckRatios: number[];
  /** gzip size at the largest spec / at the smallest, for an app calling one operation. */
  bundleRatioLargestToSmallest: number;
}

function timed(args: string[], cwd: string, what: string): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...process.env, REDOCLY_TELEMETRY: "off" } });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${(result.stderr || result.stdout).slice(0, 2000)}`);
  return ms;
}

async function scratchProject(count: number, consumerCalls: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `thulium-growth-${count}-`));
  await mkdir(join(dir, "openapi"));
  await mkdir(join(dir, "scripts"));
  // The whole of scripts/: the generator and every module it imports.
  await cp(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
  await cp(join(ROOT, "src"), join(dir, "src"), { recursive: true });
  await cp(join(ROOT, "package.json"), join(dir, "package.json"));
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  // JSON is YAML: the generator reads openapi/openapi.yaml.
  await writeFile(join(dir, "openapi/openapi.yaml"), JSON.stringify(syntheticSpec(count), null, 1));
  await writeFile(join(dir, "consumer.ts"), consumerSource(count, consumerCalls));
  // The consumer and what it imports: other hand-written code (a CLI) calls the real spec's operations.
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: join(ROOT, "tsconfig.json"), include: ["consumer.ts"], compilerOptions: { paths: {} } }, null, 2),
  );
  return dir;
}

export async function measureGrowth(sizes: number[], consumerCalls: number, log: (line: string) => void): Promise<GrowthResult> {
  const points: GrowthPoint[] = [];
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  for (const operations of sizes) {
    const dir = await scratchProject(operations, consumerCalls);
    try {
      const generateMs = timed(["--import", "tsx", "scripts/codegen/generate.ts"], dir, `generate (${operations} operations)`);
      const typecheckMs = timed([tsc, "--noEmit", "-p", "tsconfig.json"], dir, `tsc --noEmit (${operations} operations)`);
      const params = `{ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" }`;
      const bundle = await bundleSize(appSource(join(dir, "src/core.ts"), "stopChatConversation0", params), dir);
      points.push({ operations, generateMs: round(generateMs, 0), typecheckMs: round(typecheckMs, 0), bundle });
      log(`  growth ${operations} operations: generate ${Math.round(generateMs)} ms, tsc ${Math.round(typecheckMs)} ms, bundle ${bundle.gzipBytes} B gz`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const ratios = (key: "generateMs" | "typecheckMs") => points.slice(1).map((p, i) => round(p[key] / (points[i] as GrowthPoint)[key], 2));
  return {
    consumerCalls,
    points,
    generateRatios: ratios("generateMs"),
    typecheckRatios: ratios("typecheckMs"),
    bundleRatioLargestToSmallest: round((points.at(-1) as GrowthPoint).bundle.gzipBytes / (points[0] as GrowthPoint).bundle.gzipBytes),
  };
}
