// Preloaded with --import: records every module the process loads into the
// file named by MODULE_LOG, ES modules through a resolve hook and CommonJS
// ones from require.cache at exit.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const out = process.env.MODULE_LOG;
register("./module-recorder-hooks.mjs", import.meta.url, { data: { out } });
process.on("exit", () => {
  appendFileSync(out, `${Object.keys(createRequire(import.meta.url).cache).join("\n")}\n`);
});
