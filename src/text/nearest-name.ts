/**
 * The known name a mistyped one most likely meant, for "did you mean" hints:
 * the client's options and the CLI's commands and flags all ask here.
 */
import { closestMatch } from "leven";

/**
 * The closest known name by edit distance, if it is close enough to be a
 * slip (`stpo` → `stop`, `concurency` → `concurrency`); else the closest of
 * those that contain `given` or that it contains, ignoring case (`retries` →
 * `maxRetries`).
 */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  const lowerKnown = known.map((k) => k.toLowerCase());
  // A swapped pair of letters is two edits; a longer name may take one more per three letters.
  const maxDistance = lower.length <= 3 ? 1 : Math.max(2, Math.floor(lower.length / 3));
  // Too short to say anything by containment: `s` is in half the names.
  const containing = lower.length < 3 ? [] : lowerKnown.filter((k) => k.includes(lower) || lower.includes(k));
  const near = closestMatch(lower, lowerKnown, { maxDistance }) ?? (containing.length > 0 ? closestMatch(lower, containing) : undefined);
  return near === undefined ? undefined : known[lowerKnown.indexOf(near)];
}
