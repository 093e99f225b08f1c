/**
 * What `npm ci` brings to every clone: the tools of `npm test`, not the Bun, Deno and workerd binaries of the
 * runtime smoke suite (some 330 MB), which test/runtimes/package.json pins and `npm run test:runtimes` installs.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const RUNTIMES = ["bun", "deno", "miniflare"];

async function json(path: string): Promise<any> {
  return JSON.parse(await readFile(new URL(`../../${path}`, import.meta.url), "utf8"));
}

describe("npm ci at the root", () => {
  it("installs no runtime of the smoke suite, nor workerd", async () => {
    const lock = await json("package-lock.json");
    const installed = Object.keys(lock.packages).filter((path) =>
      /^node_modules\/(bun|deno|miniflare|workerd|@oven\/|@deno\/|@cloudflare\/workerd)/.test(path),
    );
    expect(installed).toEqual([]);
  });

  it("leaves them to test/runtimes/package.json, pinned, which npm run test:runtimes installs with npm ci --prefix", async () => {
    const runtimes = await json("test/runtimes/package.json");
    expect(Object.keys(runtimes.devDependencies).sort()).toEqual(RUNTIMES);
    for (const version of Object.values<string>(runtimes.devDependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = await json("test/runtimes/package-lock.json");
    for (const name of RUNTIMES) expect(lock.packages[`node_modules/${name}`]?.version).toBe(runtimes.devDependencies[name]);
    const { scripts } = await json("package.json");
    expect(scripts["test:runtimes"]).toMatch(/^npm ci --prefix test\/runtimes /);
  });
});
