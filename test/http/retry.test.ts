/**
 * What is retried: a certificate that failed verification never is, whatever
 * the operation; other connection failures are, as before.
 */
import { describe, expect, it } from "vitest";
import { isCertificateError } from "../../src/http/retry.js";
import { createThuliumClient, ThuliumConnectionError } from "../../src/index.js";
import { failure } from "../expect-failure.js";

/** A failure shaped as `fetch` gives it: a TypeError whose cause carries the socket's code. */
const fetchFailure = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

describe("isCertificateError", () => {
  it.each(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"])(
    "is true for %s, as fetch wraps it",
    (code) => {
      expect(isCertificateError(fetchFailure(code))).toBe(true);
    },
  );

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "UND_ERR_SOCKET", "OUT_OF_MEM"])("is false for %s", (code) => {
    expect(isCertificateError(fetchFailure(code))).toBe(false);
  });

  it("is false for what has no code", () => {
    expect(isCertificateError(new TypeError("fetch failed"))).toBe(false);
    expect(isCertificateError(undefined)).toBe(false);
  });
});

describe("a call whose connection fails", () => {
  const calls = (code: string) => {
    let n = 0;
    const thulium = createThuliumClient({
      baseUrl: "https://acme.example/api",
      username: "u",
      password: "p",
      fetch: async () => {
        n++;
        throw fetchFailure(code);
      },
    });
    return { thulium, count: () => n };
  };

  it("is sent once when the certificate names another host", async () => {
    const { thulium, count } = calls("ERR_TLS_CERT_ALTNAME_INVALID");
    const err = await failure(thulium.listChats({}, { maxRetries: 2 }));
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(err.attempts).toBe(1);
    expect(count()).toBe(1);
  });

  it("is still retried on a reset connection, for an operation safe to repeat", async () => {
    const { thulium, count } = calls("ECONNRESET");
    const err = await failure(thulium.listChats({}, { maxRetries: 1 }));
    expect(err.attempts).toBe(2);
    expect(count()).toBe(2);
  });
});
