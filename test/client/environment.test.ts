/** One name per setting: the CLI's environment variables, spelt the same in every file of the repository. */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../../src/client/environment.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** What the client and the CLI read (src/client/environment.ts); the README, the docs samples, the spec and the examples use the same. */
const SETTINGS = ["THULIUM_SYSTEM", "THULIUM_BASE_URL", "THULIUM_USER", "THULIUM_PASSWORD", "THULIUM_LOG"];
/** Switches of this repository's own tests (.ci/run and coverage:spec set them), not settings of the client. */
const TEST_SWITCHES = ["THULIUM_REQUIRE_BROWSER", "THULIUM_REQUIRE_HTTP_TOOLS", "THULIUM_SPEC_COVERAGE"];

describe("environment variable names", () => {
  it("are the five of src/client/environment.ts, which the client and the CLI read by that table alone", async () => {
    expect(Object.values(ENV_NAMES).sort()).toEqual([...SETTINGS].sort());
    // The CLI reads the connection settings through the library's own rule (resolveConnection, which reads
    // them by ENV_NAMES), the log level by ENV_NAMES, and never a variable by a name spelt out.
    const cli = await readFile(new URL("../../src/cli/connection.ts", import.meta.url), "utf8");
    expect(cli).toMatch(/resolveConnection\(\{ system: global\.system, baseUrl: global\["base-url"\], username: global\.user, password \}, env\)/);
    expect([...cli.matchAll(/readVariable\(ENV_NAMES\.(\w+), env\)/g)].map((m) => m[1])).toEqual(["logLevel"]);
    expect(cli).not.toMatch(/readVariable\("|env\[|env\.THULIUM/);
    const library = await readFile(new URL("../../src/client/environment.ts", import.meta.url), "utf8");
    expect(library).toMatch(/readVariable\(ENV_NAMES\[name\], env\)/);
  });

  it("have no other spelling in any file of the repository", async () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    expect(files).toContain("scripts/docs/code-samples/curl.ts");
    const others: string[] = [];
    for (const file of files) {
      const text = await readFile(`${root}${file}`, "utf8").catch(() => "");
      for (const match of text.matchAll(/\bTHULIUM_[A-Z0-9_]+/g)) {
        if (!SETTINGS.includes(match[0]) && !TEST_SWITCHES.includes(match[0])) others.push(`${file}: ${match[0]}`);
      }
    }
    expect(others).toEqual([]);
  });
});
