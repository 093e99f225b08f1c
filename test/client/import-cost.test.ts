/**
 * Importing the package touches none of Node's fetch: reading `Request`, `Response`, `Headers` or `fetch`
 * loads undici inside Node, some 20 ms of every import (the bench's start-up budget, measured on dist/,
 * is 30 ms). What only a call needs is reached when the call is made.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const loadedUndici = (entry: string) =>
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(entry)}); console.log(JSON.stringify(process.moduleLoadList.filter((m) => /undici/.test(m))));`,
    ],
    { cwd: new URL("../../", import.meta.url), encoding: "utf8" },
  );

describe("importing the package", () => {
  it.each(["./src/index.ts", "./src/core.ts"])("%s loads none of Node's fetch (undici)", (entry) => {
    expect(JSON.parse(loadedUndici(entry))).toEqual([]);
  });
});
