import { describe, expect, it } from "vitest";
import { MASK, maskSecrets, secretNames } from "../../src/cli/masking.js";
import { operations } from "../../src/generated/operations.js";

describe("secrets in the CLI's output", () => {
  it("are the parameters the spec marks format: password", () => {
    expect([...secretNames(operations)]).toEqual(["http_auth_password"]);
  });

  it("are masked at any depth, in a copy; empty ones stay empty", () => {
    const names = new Set(["http_auth_password"]);
    const answer = {
      count: 2,
      result: [
        { id: 1, http_auth_password: "hunter2" },
        { id: 2, http_auth_password: "" },
      ],
      nested: { http_auth_password: 42 },
    };
    expect(maskSecrets(answer, names)).toEqual({
      count: 2,
      result: [
        { id: 1, http_auth_password: MASK },
        { id: 2, http_auth_password: "" },
      ],
      nested: { http_auth_password: MASK },
    });
    expect(answer.result[0]?.http_auth_password).toBe("hunter2");
    expect(maskSecrets(undefined, names)).toBeUndefined();
    expect(maskSecrets("hunter2", names)).toBe("hunter2");
  });

  it("leave an answer without secrets as it is, uncopied, and a `__proto__` field a field", () => {
    const names = new Set(["http_auth_password"]);
    const plain = JSON.parse('[{"id":1,"tags":["a"]},{"id":2,"nested":{"x":null}}]');
    expect(maskSecrets(plain, names)).toBe(plain);
    const masked = maskSecrets(JSON.parse('{"__proto__":{"http_auth_password":"hunter2"},"id":1}'), names) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(masked, "__proto__")?.value).toEqual({ http_auth_password: MASK });
    expect(JSON.stringify(masked)).toBe('{"__proto__":{"http_auth_password":"****"},"id":1}');
  });
});
