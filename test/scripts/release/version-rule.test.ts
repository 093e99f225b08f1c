/** scripts/release/version-rule.ts and scripts/release/changelog.ts: the version a bump requires, and CHANGELOG's sections. */
import { describe, expect, it } from "vitest";
import { changelogSection, cutRelease, hasEntries } from "../../../scripts/release/changelog.js";
import { carries, nextVersion } from "../../../scripts/release/version-rule.js";

describe("nextVersion", () => {
  it.each([
    ["0.1.3", "major", "0.2.0"],
    ["0.1.3", "minor", "0.1.4"],
    ["0.1.3", "patch", "0.1.4"],
    ["0.1.3", "none", "0.1.3"],
    ["1.2.3", "major", "2.0.0"],
    ["1.2.3", "minor", "1.3.0"],
    ["1.2.3", "patch", "1.2.4"],
  ] as const)("%s with a %s change is %s (before 1.0.0 a major change bumps the minor number)", (released, bump, next) => {
    expect(nextVersion(released, bump)).toBe(next);
  });

  it("takes a later version as carrying the bump, and refuses what is not x.y.z", () => {
    expect(carries("0.3.0", "0.1.3", "major")).toBe(true);
    expect(carries("0.1.9", "0.1.3", "major")).toBe(false);
    expect(() => nextVersion("v1.0", "patch")).toThrow('"v1.0" is not a version x.y.z');
  });
});

describe("CHANGELOG.md's sections", () => {
  const text = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- `agent_login`.\n\n## [0.1.0] - 2026-01-01\n\n- First.\n";

  it("turns Unreleased into the version's section, above the older ones, and leaves an empty Unreleased", () => {
    const cut = cutRelease(text, "0.1.1", "2026-02-02");
    expect(cut).toBe(
      "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [0.1.1] - 2026-02-02\n\n### Added\n- `agent_login`.\n\n## [0.1.0] - 2026-01-01\n\n- First.\n",
    );
    expect(hasEntries(changelogSection(cut, "Unreleased"))).toBe(false);
    expect(changelogSection(cut, "0.1.1")).toContain("agent_login");
  });

  it("merges Unreleased into a section a contributor already wrote for that version", () => {
    const written = text.replace("## [0.1.0]", "## [0.2.0]\n\n### Removed\n- `listChatQueues`.\n\n## [0.1.0]");
    const cut = cutRelease(written, "0.2.0", "2026-02-02");
    expect(changelogSection(cut, "0.2.0")).toBe("\n### Added\n- `agent_login`.\n\n### Removed\n- `listChatQueues`.\n\n");
    expect(cut.match(/## \[0\.2\.0\]/g)).toHaveLength(1);
  });
});
