/**
 * How deep JSON from outside (an answer, a webhook) may nest. `JSON.parse`
 * takes any depth, but `JSON.stringify`, `String()` of an array, a logger or
 * an app's own recursive walk overflow the stack on a few thousand levels:
 * such JSON is refused where it comes in, so nothing past it meets it.
 */

/** The deepest nesting of arrays and objects accepted. Thulium's JSON nests 3 levels; the rest is room for fields it adds. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether the JSON text `text` nests arrays and objects deeper than
 * `MAX_JSON_DEPTH`. Reads the text once and allocates nothing; a text too
 * short to nest that deep is not read at all.
 */
export function jsonTextTooDeep(text: string): boolean {
  const { length } = text;
  if (length <= 2 * MAX_JSON_DEPTH) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: its brackets do not count. A backslash escapes the character after it.
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Whether the parsed value `value` (a body parser's result) nests deeper than
 * `MAX_JSON_DEPTH`: walked with a list, not by recursion, and never below that depth.
 */
export function jsonValueTooDeep(value: unknown): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, depth] = next;
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return true;
    // Stryker disable next-line LogicalOperator: equivalent: a null or scalar child pushed is skipped when taken off the list
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
  }
  return false;
}
