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

/**
 * An app calling one operation through the core entry (src/core.ts, `thulium-chat-client/core`),
 * which bundles only the operations the app passes in.
 */
export function appSource(coreEntry: string, operationId: string, params: string): string {
  return [
    `import { createCoreClient, ${operationId} } from ${JSON.stringify(coreEntry)};`,
    `const thulium = createCoreClient({ system: "example", username: process.env.THULIUM_USER!, password: process.env.THULIUM_PASSWORD! }, { ${operationId} });`,
    `await thulium.${operationId}(${params});`,
    ``,
  ].join("\n");
}

/** The same with the full client (`thulium-chat-client`): every operation and iterateChats. */
export function fullAppSource(entry: string, operationId: string, params: string): string {
  return [
    `import { createThuliumClient } from ${JSON.stringify(entry)};`,
    `const thulium = createThuliumClient({ system: "example", username: process.env.THULIUM_USER!, password: process.env.THULIUM_PASSWORD! });`,
    `await thulium.${operationId}(${params});`,
    ``,
  ].join("\n");
}

export async function measureBundles(): Promise<{ app: BundleSize; fullClient: BundleSize; openapiFetchAlone: BundleSize }> {
  const dir = await mkdtemp(join(tmpdir(), "thulium-bundle-"));
  try {
    const stopParams = `{ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" }`;
    const app = await bundleSize(appSource(join(ROOT, "src/core.ts"), "stopChatConversation", stopParams), dir);
    const fullClient = await bundleSize(fullAppSource(join(ROOT, "src/index.ts"), "stopChatConversation", stopParams), dir);
    const openapiFetchAlone = await bundleSize(
      [
        `import createClient from "openapi-fetch";`,
        `const api = createClient({ baseUrl: "https://example.thulium.com/api" });`,
        `await api.POST("/chat_conversations/{id}/stop", { params: { path: { id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" } } });`,
        ``,
      ].join("\n"),
      dir,
    );
    return { app, fullClient, openapiFetchAlone };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
