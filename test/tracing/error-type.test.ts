/** `error.type`: a few low-cardinality values, never a message, whatever was thrown. */
import { describe, expect, it } from "vitest";
import { ThuliumApiError, ThuliumConnectionError, ThuliumInputError, ThuliumTimeoutError } from "../../src/index.js";
import { errorType, fetchErrorType } from "../../src/tracing/error-type.js";

const refused = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe("errorType, of what a call threw", () => {
  it("is the status of an error answer, timeout, the transport's code, else the class name", () => {
    expect(errorType(new ThuliumApiError({ operationId: "x", status: 503, body: "", attempts: 1, retryable: true }))).toBe("503");
    expect(errorType(new ThuliumTimeoutError("x", 50, 1))).toBe("timeout");
    expect(errorType(new ThuliumConnectionError("x", 1, new TypeError("fetch failed", { cause: refused("ECONNREFUSED") })))).toBe("ECONNREFUSED");
    expect(errorType(new ThuliumConnectionError("x", 1, new TypeError("fetch failed")))).toBe("ThuliumConnectionError");
    expect(errorType(new ThuliumInputError("bad"))).toBe("ThuliumInputError");
  });

  it("takes the first code of an AggregateError (a connect to several addresses)", () => {
    const aggregate = new AggregateError([refused("ECONNREFUSED"), refused("ECONNREFUSED")]);
    expect(fetchErrorType(new TypeError("fetch failed", { cause: aggregate }))).toBe("ECONNREFUSED");
  });

  it("is _OTHER for what has no usable name: a string, or a name that is a sentence", () => {
    expect(errorType("boom")).toBe("_OTHER");
    expect(errorType(Object.assign(new Error("x"), { name: "conversation 6ed7c941 failed" }))).toBe("_OTHER");
    expect(fetchErrorType(undefined)).toBe("_OTHER");
  });
});
