/**
 * `npm run spec:diff [-- --base <git ref>]`: the spec at `<ref>` (default: the last release, release/)
 * against the working tree's, one line per change with its class, its JSON pointer in the bundled spec and
 * what changed; then each break the TypeScript compiler finds in the generated types; last, `bump: …`.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Json, loadSpec, SPEC_NAME, specFileIn } from "../spec/spec.js";
import { lastRelease } from "./last-release.js";
import { type Bump, maxBump, type SpecChange, specChanges } from "./spec-changes.js";
import { type TypeBreak, type TypedSpec, typeBreaks } from "./type-compat.js";

export interface SpecDiff {
  changes: SpecChange[];
  typeBreaks: TypeBreak[];
  /** The largest class of a change; `major` when the types break, whatever the changes say. */
  bump: Bump;
}

export async function specDiff(base: TypedSpec, head: TypedSpec): Promise<SpecDiff> {
  const changes = specChanges(base.spec, head.spec);
  const breaks = await typeBreaks(base, head);
  return { changes, typeBreaks: breaks, bump: maxBump(...changes.map((c) => c.bump), breaks.length > 0 ? "major" : "none") };
}

/** The lines spec:diff prints, `bump: …` last. */
export function specDiffLines({ changes, typeBreaks: breaks, bump }: SpecDiff): string[] {
  const width = Math.max(0, ...changes.map((c) => c.pointer.length));
  return [
    ...changes.map((c) => `${c.bump.padEnd(5)}  ${c.pointer.padEnd(width)}  ${c.what}`),
    ...breaks.map((b) => `major  types: ${b.where} no longer compiles against the base's: ${b.message}`),
    `bump: ${bump}`,
  ];
}

/** The spec at a git ref of this repository, bundled and dereferenced. */
export async function specAtRef(ref: string, cwd = process.cwd()): Promise<Json> {
  const dir = await mkdtemp(join(tmpdir(), "thulium-spec-at-ref-"));
  try {
    const tar = execFileSync("git", ["archive", "--format=tar", ref, dirname(SPEC_NAME)], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    return await loadSpec(specFileIn(dir));
  } catch (error) {
    throw new Error(`spec:diff: no spec at git ref "${ref}": ${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fail(error: Error): never {
  console.error(error.message);
  process.exit(2);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--base");
  const ref = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !ref) {
    console.error("spec:diff: --base needs a git ref, e.g. `npm run spec:diff -- --base main`");
    process.exit(2);
  }
  // The repository it runs in (`npm run` runs at the package's root).
  const root = process.cwd();
  let base: TypedSpec;
  if (ref) base = { spec: await specAtRef(ref, root).catch(fail) };
  else {
    const release = await lastRelease(root);
    if (!release) {
      console.error("spec:diff: no release is recorded in release/ yet; compare with a git ref: `npm run spec:diff -- --base <ref>`");
      process.exit(2);
    }
    console.log(`base: release ${release.info.version} (release/)`);
    base = { spec: release.spec, types: release.types };
  }
  for (const line of specDiffLines(await specDiff(base, { spec: await loadSpec(specFileIn(root)) }))) console.log(line);
}
