/**
 * CONTRIBUTING's "Versioning" applied to version numbers. Before 1.0.0 (semver's "anything may change"),
 * a major change bumps the minor number (0.1.3 → 0.2.0) and a minor or patch change the patch number
 * (0.1.3 → 0.1.4), as Cargo and npm's caret ranges read 0.y.z: `^0.1.3` takes 0.1.x but never 0.2.0, so a
 * consumer on a caret range never receives a breaking change.
 */
import type { Bump } from "./spec-changes.js";

interface Semver {
  major: number;
  minor: number;
  patch: number;
}

/** `x.y.z`, nothing else (the releases of this package carry no pre-release tags). */
export function parseVersion(version: string): Semver {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`"${version}" is not a version x.y.z`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** The smallest version after `released` that carries `bump`. */
export function nextVersion(released: string, bump: Bump): string {
  const { major, minor, patch } = parseVersion(released);
  if (bump === "none") return released;
  if (major === 0) return bump === "major" ? `0.${minor + 1}.0` : `0.${minor}.${patch + 1}`;
  if (bump === "major") return `${major + 1}.0.0`;
  return bump === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

/** Whether `version` carries at least `bump` over `released`. */
export function carries(version: string, released: string, bump: Bump): boolean {
  return compareVersions(version, nextVersion(released, bump)) >= 0;
}
