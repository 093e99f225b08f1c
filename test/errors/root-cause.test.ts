/** What a ThuliumConnectionError names: the innermost error a fetch failure wraps (src/errors/root-cause.ts). */
import { expect, it } from "vitest";
import { rootCause } from "../../src/errors/root-cause.js";
import { ThuliumConnectionError } from "../../src/errors/thulium-errors.js";

it("follows cause to the innermost error, as undici nests a proxy's refusal behind 'Request was cancelled.'", () => {
  const refusal = Object.assign(new Error("Proxy response (407) !== 200 when HTTP Tunneling"), { code: "UND_ERR_ABORTED" });
  const cancelled = new DOMException("Request was cancelled.", "AbortError");
  Object.defineProperty(cancelled, "cause", { value: refusal });
  const failure = new TypeError("fetch failed", { cause: cancelled });
  expect(rootCause(failure)).toBe(refusal);
  expect(new ThuliumConnectionError("listChatQueues", 1, failure).message).toBe(
    "listChatQueues could not reach Thulium: UND_ERR_ABORTED Proxy response (407) !== 200 when HTTP Tunneling (attempt 1)",
  );
});

it("keeps an error without a cause, or with a null one, and stops on a loop of causes", () => {
  const plain = new Error("plain");
  expect(rootCause(plain)).toBe(plain);
  const nullCause = Object.assign(new Error("null cause"), { cause: null });
  expect(rootCause(nullCause)).toBe(nullCause);
  const a: { cause?: unknown } = {};
  const b = { cause: a };
  a.cause = b;
  expect([a, b]).toContain(rootCause(a));
  expect(rootCause("text")).toBe("text");
});
