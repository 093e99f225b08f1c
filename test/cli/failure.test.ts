/** src/cli/failure.ts: the CLI's lines are built from the error's fields; the library's message is never edited. */
import { describe, expect, it } from "vitest";
import { failureJson, reason } from "../../src/cli/failure.js";
import { createThuliumClient, ThuliumApiError, ThuliumInputError } from "../../src/index.js";

const thulium = createThuliumClient({ baseUrl: "https://example.invalid/api", username: "u", password: "p" });

async function refused(params: Record<string, unknown>): Promise<ThuliumInputError> {
  const err = await thulium.stopChatConversation(params as { id: string }).catch((e: unknown) => e);
  if (!(err instanceof ThuliumInputError)) throw new Error(`expected a ThuliumInputError, got ${String(err)}`);
  return err;
}

describe("reason", () => {
  it("gives a refused value's problem alone in a many-value run, from the error's detail, and its whole message otherwise", async () => {
    const err = await refused({ id: "not-a-uuid" });
    expect(err.message).toMatch(/^stopChatConversation: parameter "id" must be a UUID/);
    expect(reason(err, "stopChatConversation")).toBe(err.detail);
    expect(reason(err, "stopChatConversation")).toMatch(/^parameter "id" must be a UUID/);
    expect(reason(err)).toBe(err.message);
  });

  it("keeps the message of an input error from another operation whole, even when its text starts with the run's operation", () => {
    const err = new ThuliumInputError("stopChatConversation: made up elsewhere", "id", "listChats", "made up elsewhere");
    expect(reason(err, "stopChatConversation")).toBe("stopChatConversation: made up elsewhere");
  });

  it("builds an API error's line from status, errors and request_id, and adds what to do for 401", () => {
    const err = new ThuliumApiError({
      operationId: "stopChatConversation",
      status: 401,
      body: { request_id: "r-1", errors: [{ message: "Bad credentials", code: 401 }] },
      attempts: 1,
      retryable: false,
    });
    expect(reason(err, "stopChatConversation")).toBe("401 Bad credentials (request_id r-1); check the user (THULIUM_USER) and password");
    expect(failureJson(err, "stopChatConversation")).toMatchObject({ type: "api", status: 401, request_id: "r-1" });
  });

  it("puts the parameter at fault in --json results", async () => {
    const err = await refused({ id: "x", nope: 1 });
    expect(failureJson(err, "stopChatConversation")).toMatchObject({ type: "input", field: "id" });
  });
});
