/**
 * The values a run has taken, so that each is sent once per run however
 * often it is given (a list pasted twice, `cat a.txt a.txt`). It grows with
 * the distinct values of the run: about 80 bytes for a 36-byte UUID, 16 MB
 * for 200 000 (test/cli/bulk/run.test.ts); a value is at most a line of
 * 4 KiB.
 */
export class SeenValues {
  private readonly seen = new Set<string>();

  /** True the first time the run takes `value`; false for a repeat. */
  first(value: string): boolean {
    if (this.seen.has(value)) return false;
    this.seen.add(value);
    return true;
  }
}
