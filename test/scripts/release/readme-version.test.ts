import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readmeAtVersion } from "../../../scripts/release/readme-version.js";

describe("readmeAtVersion", () => {
  it("moves the tarball's name, the dependency entry and the User-Agent to the new version", () => {
    const before = [
      "npm install ./thulium-chat-client-0.1.0.tgz",
      '"thulium-chat-client": "file:thulium-chat-client-0.1.0.tgz"',
      "`thulium-chat-client/0.1.0 node/24`",
    ].join("\n");
    expect(readmeAtVersion(before, "0.1.0", "0.2.0")).toBe(
      [
        "npm install ./thulium-chat-client-0.2.0.tgz",
        '"thulium-chat-client": "file:thulium-chat-client-0.2.0.tgz"',
        "`thulium-chat-client/0.2.0 node/24`",
      ].join("\n"),
    );
  });

  it("leaves other versions and other names alone", () => {
    const text = "thulium-chat-client-0.1.01.tgz thulium-chat-client/0.1.0.1 thulium-chat-client-0x1x0 other-0.1.0 node 0.1.0";
    expect(readmeAtVersion(text, "0.1.0", "0.2.0")).toBe(text);
  });

  it("finds every place in this repository's README that names package.json's version", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
    const moved = readmeAtVersion(readme, version, "99.0.0");
    expect(moved).not.toContain(version);
  });
});
