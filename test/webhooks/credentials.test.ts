/**
 * The receiver's Basic check is constant-time by construction, not by timing:
 * both sides become SHA-256 digests of one length (Web Crypto, no Node API),
 * and the comparison reads every byte of both whatever differs first.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { basicAuthCheck, constantTimeEqual } from "../../src/webhooks/credentials.js";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

/** `bytes` behind a proxy that counts the reads of its elements. */
function counted(bytes: Uint8Array) {
  const reads = { count: 0 };
  const proxy = new Proxy(bytes, {
    get(target, key) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads.count++;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { proxy, reads };
}

describe("constantTimeEqual", () => {
  const digest = () => Uint8Array.from({ length: 32 }, (_, i) => i * 7);

  it.each([
    ["equal", -1],
    ["different in the first byte", 0],
    ["different in the last byte", 31],
  ])("reads all 32 bytes of both digests when they are %s", (_what, differAt) => {
    const other = digest();
    if (differAt >= 0) other[differAt] = (other[differAt] as number) ^ 1;
    const a = counted(digest());
    const b = counted(other);
    expect(constantTimeEqual(a.proxy, b.proxy)).toBe(differAt < 0);
    expect([a.reads.count, b.reads.count]).toEqual([32, 32]);
  });

  it("is false for different lengths, which it is never given (digests are 32 bytes)", () => {
    expect(constantTimeEqual(new Uint8Array(32), new Uint8Array(31))).toBe(false);
  });
});

describe("basicAuthCheck", () => {
  afterEach(() => vi.restoreAllMocks());

  it("hashes the expected and every presented credential with SHA-256, malformed ones included", async () => {
    const digest = vi.spyOn(crypto.subtle, "digest");
    const check = basicAuthCheck("thulium", "s3:cr€t");
    const presented = [basic("thulium:s3:cr€t"), basic("thulium:s3:cr€T"), "Basic ###", "Bearer x", undefined, null];
    const results = [];
    for (const header of presented) results.push(await check(header));
    expect(results).toEqual([true, false, false, false, false, false]);
    expect(digest).toHaveBeenCalledTimes(1 + presented.length);
    for (const [algorithm] of digest.mock.calls) expect(algorithm).toBe("SHA-256");
  });

  it("compares the credential bytes as UTF-8, the whole `user:password`", async () => {
    const check = basicAuthCheck("zażółć", "p:ä:ß");
    expect(await check(basic("zażółć:p:ä:ß"))).toBe(true);
    expect(await check(`Basic ${Buffer.from("zażółć:p:ä:ß", "latin1").toString("base64")}`)).toBe(false);
    expect(await check(basic("zażółć:p:ä"))).toBe(false);
    expect(await check(basic("zażółć:p:ä:ß "))).toBe(false);
  });

  it("takes the scheme in any case, more than one space after it, spaces after the credentials, and base64 with + / and padding", async () => {
    const encoded = (credentials: string) => Buffer.from(credentials, "utf8").toString("base64");
    for (const password of ["~~~?", "żółć>>>", "ab", "abc"]) {
      const check = basicAuthCheck("thulium", password);
      const credentials = encoded(`thulium:${password}`);
      for (const header of [`Basic ${credentials}`, `basic ${credentials}`, `BASIC ${credentials}`, `Basic   ${credentials}`, `Basic ${credentials}  `]) {
        expect(await check(header), `${password}: ${header}`).toBe(true);
      }
    }
    // The forms above: + and / in the base64, "==" and "=" of padding.
    expect([encoded("thulium:~~~?"), encoded("thulium:ab"), encoded("thulium:abc")]).toEqual(["dGh1bGl1bTp+fn4/", "dGh1bGl1bTphYg==", "dGh1bGl1bTphYmM="]);
  });

  it("refuses anything around the credentials, or in place of them", async () => {
    const check = basicAuthCheck("thulium", "s3:cr€t");
    const good = basic("thulium:s3:cr€t");
    const credentials = good.slice("Basic ".length);
    const refused = [
      `x${good}`,
      ` ${good}`,
      `${good} junk`,
      `${good}\n`,
      `${good}, Bearer x`,
      `${good}===`,
      `Basic${credentials}`,
      `Basic\t${credentials}`,
      `Basicx ${credentials}`,
      `Bearer ${credentials}`,
      `Basic ${credentials.slice(0, 8)} ${credentials.slice(8)}`,
      "Basic",
      "Basic ",
      "",
    ];
    for (const header of refused) expect(await check(header), JSON.stringify(header)).toBe(false);
  });

  it("refuses base64 that atob rejects, with false rather than an error", async () => {
    const check = basicAuthCheck("thulium", "s3:cr€t");
    // Of the characters base64 uses, but not base64: a length of 4n+1, or padding where none belongs.
    for (const header of ["Basic abcde", "Basic YQ=", "Basic a", "Basic abc=="]) await expect(check(header), header).resolves.toBe(false);
  });

  it("refuses credentials the expected ones only start with, or that only start with them", async () => {
    const check = basicAuthCheck("thulium", "s3cret");
    for (const credentials of ["thulium:s3cre", "thulium:s3cret\u0000", "thulium:", ":s3cret", "thulium", "thulium:s3cret:"]) {
      expect(await check(basic(credentials)), credentials).toBe(false);
    }
  });
});
