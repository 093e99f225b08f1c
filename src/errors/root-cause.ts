/** The innermost error a fetch failure wraps (undici puts the socket's error in `cause`). */
export function rootCause(error: unknown): unknown {
  return (error as { cause?: unknown })?.cause ?? error;
}
