/** Quotes a word for a POSIX shell; plain words stay bare so samples read naturally. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Joins a command's lines with backslash continuations. */
export function shellLines(lines: string[]): string {
  return lines.join(" \\\n  ");
}
