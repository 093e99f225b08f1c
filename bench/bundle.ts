/**
 * Bundle size of an app that imports createThuliumClient and calls one operation:
 * esbuild, minified, then gzipped (level 9). openapi-fetch alone is measured the same way.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT } from "./harness.js";

export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
}

/** Bundles `source` (an ES module, written into `dir`) for Node and returns its sizes. */
export async function bundleSize(source: string, dir: string): Promise<BundleSize> {
  const entry = join(dir, `app-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(entry, source);
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
      nodePaths: [join(ROOT, "node_modules")],
    });
    const code = result.outputFiles[0]!.contents;
    return { minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
  } finally {
    await rm(entry, { force: true });
  }
}

/** An app calling `operationId` of the client whose entry is `entry`. */
export function appSource(entry: string, operationId: string, params: string): string {
  return [
    `import { createThuliumClient } from ${JSON.stringify(entry)};`,
    `const thulium = createThuliumClient({ system: "example", username: process.env.THULIUM_USER!, password: process.env.THULIUM_PASSWORD! });`,
    `await thulium.${operationId}(${params});`,
    ``,
  ].join("\n");
}

export async function measureBundles(): Promise<{ app: BundleSize; openapiFetchAlone: BundleSize }> {
  const dir = await mkdtemp(join(tmpdir(), "thulium-bundle-"));
  try {
    const app = await bundleSize(appSource(join(ROOT, "src/index.ts"), "stopChatConversation", `{ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" }`), dir);
    const openapiFetchAlone = await bundleSize(
      [
        `import createClient from "openapi-fetch";`,
        `const api = createClient({ baseUrl: "https://example.thulium.com/api" });`,
        `await api.POST("/chat_conversations/{id}/stop", { params: { path: { id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" } } });`,
        ``,
      ].join("\n"),
      dir,
    );
    return { app, openapiFetchAlone };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
