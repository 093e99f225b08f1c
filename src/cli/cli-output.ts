/** Where the CLI writes: the process's stdout or stderr, or a test's capture. */
export interface CliOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  /** Where a closed reader (EPIPE) is told; a bulk run stops on it. */
  on(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  off(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
}
