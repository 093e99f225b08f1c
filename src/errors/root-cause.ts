/**
 * The innermost error a fetch failure wraps: undici puts the socket's error in `cause`, and a proxy's
 * refusal of the tunnel one level deeper, behind a "Request was cancelled." that says nothing.
 */
export function rootCause(error: unknown): unknown {
  let inner = error;
  // Bounded: a chain of causes may loop.
  for (let depth = 0; depth < 8; depth++) {
    const cause = (inner as { cause?: unknown })?.cause;
    if (cause === undefined || cause === null) break;
    inner = cause;
  }
  return inner;
}
