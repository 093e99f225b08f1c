/** scripts/spec/redocly.ts: Redocly's output without its Node 20 box, as `npm run lint:spec` shows it in `npm test`. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { withoutNodeBox } from "../../../scripts/spec/redocly.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const pexecFile = promisify(execFile);

/** The box as @redocly/cli 2.62 prints it on Node 20, with the lines around it. */
const NODE_BOX = `
    ╔═════════════════════════════════════════════════════════════════╗
    ║                                                                 ║
    ║  Deprecation warning: Node.js 20 support is ending              ║
    ║                                                                 ║
    ║  Node.js 20 reached end-of-life on April 30, 2026.              ║
    ║  Future Redocly CLI releases require Node.js 22.12.0 or later.  ║
    ║  You are using Node.js v20.20.2.                                ║
    ║                                                                 ║
    ║  Update Node.js: https://nodejs.org/en/download                 ║
    ║                                                                 ║
    ╚═════════════════════════════════════════════════════════════════╝

validating openapi/openapi.yaml using lint rules for api 'thulium-chat'...
`;

describe("withoutNodeBox", () => {
  it("drops the Node 20 box and the blank lines around it, keeping what follows", () => {
    expect(withoutNodeBox(NODE_BOX)).toBe("validating openapi/openapi.yaml using lint rules for api 'thulium-chat'...\n");
  });

  it("keeps any other box and every other line", () => {
    const other = "  ╔══╗\n  ║ Update available ║\n  ╚══╝\nopenapi/openapi.yaml: 1 error\n";
    expect(withoutNodeBox(other)).toBe(other);
  });
});

describe("npm run lint:spec", () => {
  it("prints what was linted and no Node 20 box", async () => {
    const { stderr } = await pexecFile("npm", ["run", "-s", "lint:spec"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    expect(stderr).toContain("Your API description is valid");
    expect(stderr).not.toMatch(/Node\.js 20 support is ending|╔/);
  });
});
