/** The "did you mean" of the client's options and the CLI's commands and flags. */
import { describe, expect, it } from "vitest";
import { nearestName } from "../../src/text/nearest-name.js";

const commands = ["start", "send", "stop", "delete-content", "delete", "list", "report", "queues", "webhooks"];

describe("nearestName", () => {
  it("names the known name a slip of the keys meant", () => {
    expect(nearestName("stpo", commands)).toBe("stop");
    expect(nearestName("lsit", commands)).toBe("list");
    expect(nearestName("QUEUS", commands)).toBe("queues");
    expect(nearestName("concurency", ["concurrency", "journal", "json"])).toBe("concurrency");
  });

  it("names the closest known name that holds the given one, or that it holds", () => {
    expect(nearestName("webhook", commands)).toBe("webhooks");
    expect(nearestName("delet", commands)).toBe("delete");
    expect(nearestName("timeout", ["maxRetries", "timeoutMs"])).toBe("timeoutMs");
    expect(nearestName("retries", ["maxRetries", "timeoutMs"])).toBe("maxRetries");
  });

  it("names nothing rather than a guess", () => {
    expect(nearestName("xyzzy", commands)).toBeUndefined();
    expect(nearestName("ls", commands)).toBeUndefined();
    expect(nearestName("e", commands)).toBeUndefined();
    expect(nearestName("", commands)).toBeUndefined();
  });
});
