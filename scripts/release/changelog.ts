/** CHANGELOG.md's sections: `## [Unreleased]` and one `## [x.y.z] - date` per release, newest first. */

export const UNRELEASED = "Unreleased";

interface Section {
  title: string;
  /** Index of the heading line's start, and of the next section's (or the end). */
  start: number;
  end: number;
  body: string;
}

function sections(text: string): Section[] {
  const headings = [...text.matchAll(/^## \[([^\]]+)\][^\n]*\n/gm)];
  return headings.map((m, i) => {
    const start = m.index ?? 0;
    const end = headings[i + 1]?.index ?? text.length;
    return { title: m[1] ?? "", start, end, body: text.slice(start + m[0].length, end) };
  });
}

/** The body of the section titled `title` (a version, or `Unreleased`), undefined when there is none. */
export function changelogSection(text: string, title: string): string | undefined {
  return sections(text).find((s) => s.title === title)?.body;
}

/** Whether a section's body lists anything (a line that is not blank nor a `###` heading). */
export function hasEntries(body: string | undefined): boolean {
  return (body ?? "").split("\n").some((line) => line.trim() !== "" && !line.startsWith("###"));
}

/**
 * CHANGELOG.md with Unreleased's entries moved into `## [version] - date` (on top of that section's own,
 * when contributors already wrote one), and an empty Unreleased left above it.
 */
export function cutRelease(text: string, version: string, date: string): string {
  const all = sections(text);
  const unreleased = all.find((s) => s.title === UNRELEASED);
  if (!unreleased) throw new Error(`CHANGELOG.md has no "## [${UNRELEASED}]" section`);
  const existing = all.find((s) => s.title === version);
  const moved = unreleased.body.trim();
  const heading = `## [${UNRELEASED}]\n\n`;
  if (existing) {
    const merged = `## [${version}] - ${date}\n\n${[moved, existing.body.trim()].filter(Boolean).join("\n\n")}\n\n`;
    const withVersion = text.slice(0, existing.start) + merged + text.slice(existing.end);
    return withVersion.slice(0, unreleased.start) + heading + withVersion.slice(unreleased.end);
  }
  return `${text.slice(0, unreleased.start)}${heading}## [${version}] - ${date}\n\n${moved}\n\n${text.slice(unreleased.end)}`.replace(/\n+$/, "\n");
}
