/**
 * Server text made safe to print, the one cleaning every message and the CLI
 * use: whatever Thulium (or anyone in between) sends may hold newlines,
 * terminal escapes or bidi controls, which a terminal or a log would obey.
 */
// ANSI escape sequences (CSI and OSC), which a terminal would obey, then any other C0 or C1 control, DEL,
// the Unicode line and paragraph separators, and bidi controls, which would reorder what a log shows.
// A lone ESC is matched last, so that a control before a sequence does not swallow its ESC.
const CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\u0000-\u001a\u001c-\u001f\u007f-\u009f\u001b\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` as one printable line of at most `max` characters: controls removed, white space folded. */
export function printableLine(text: string, max = Number.POSITIVE_INFINITY): string {
  // Only the head can show: cleaning 10 MB to keep 500 characters would be wasted work.
  const flat = clipText(text, max * 4)
    .replace(CONTROLS, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

/** `text` cut to `max` characters, an ellipsis marking the cut. */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
