/**
 * The HTTP Basic check of the webhook receiver, with Web Crypto alone (no
 * Node API), so that its `fetch` form runs on any runtime. The credentials
 * presented and the ones expected are both hashed with SHA-256, and the two
 * 32-byte digests compared in a loop that reads every byte: the time taken
 * tells neither how long the secret is nor how much of it a guess got right.
 */

const encoder = new TextEncoder();

/** Resolves true when `authorization` carries exactly the expected credentials. */
export type BasicAuthCheck = (authorization: string | null | undefined) => Promise<boolean>;

/** `username` and `password` as UTF-8, the charset RFC 7617 names. */
export function basicAuthCheck(username: string, password: string): BasicAuthCheck {
  const expected = sha256(encoder.encode(`${username}:${password}`));
  // Not awaited until a request needs it; a rejection is then that request's.
  expected.catch(() => {});
  return async (authorization) => {
    const presented = basicCredentials(authorization);
    // A missing or malformed header is hashed too: every refusal takes the same path.
    const digest = await sha256(presented ?? new Uint8Array(0));
    return constantTimeEqual(digest, await expected) && presented !== undefined;
  };
}

/** Whether `a` and `b` hold the same bytes, reading all of them whatever differs first. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Only ever given two SHA-256 digests, so the lengths are public and equal.
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** The `user:password` bytes of a `Basic` Authorization header, or undefined when it is not one. */
function basicCredentials(authorization: string | null | undefined): Uint8Array | undefined {
  // Stryker disable next-line StringLiteral: equivalent: any text that is not a Basic header is refused as "" is
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization ?? "");
  if (!match) return undefined;
  let binary: string;
  try {
    binary = atob(match[1] as string);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}
