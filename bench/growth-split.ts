/**
 * A prototype, measured in the growth scratch project only (src/ is not touched):
 * what the bundle of an app calling one operation weighs when the operation
 * table is split into one export per operation and the client is built from
 * the operations the app passes, so that esbuild can drop the others.
 *
 * It derives, inside the scratch copy:
 *  - src/generated/operations-split.ts: `export const <operationId> = {...}` per operation;
 *  - src/client-split.ts: src/client.ts with `createThuliumClientFor(options, operations)`
 *    and the route table built from those operations instead of the whole table.
 * When client.ts no longer has the lines this rewrites, it says so instead of measuring.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BundleSize, bundleSize } from "./bundle.js";

const EDITS: [string, string][] = [
  [
    `import { type OperationId, type OperationSpec, operations } from "./generated/operations.js";`,
    `import type { OperationId, OperationSpec } from "./generated/operations.js";`,
  ],
  [
    `export function createThuliumClient(options: ThuliumClientOptions): ThuliumClient {`,
    `export function createThuliumClientFor(options: ThuliumClientOptions, operations: Record<string, OperationSpec>): ThuliumClient {\n  const routes = routesOf(operations);`,
  ],
  [`const routes = (Object.entries(operations)`, `const routesOf = (operations: Record<string, OperationSpec>) => (Object.entries(operations)`],
  [`function matchRoute(method: string, path: string) {`, `function matchRoute(routes: ReturnType<typeof routesOf>, method: string, path: string) {`],
  [`const route = matchRoute(request.method,`, `const route = matchRoute(routes, request.method,`],
];

export async function splitBundleSize(dir: string, operationId: string, params: string): Promise<BundleSize | { skipped: string }> {
  let client = await readFile(join(dir, "src/client.ts"), "utf8");
  for (const [from, to] of EDITS) {
    if (!client.includes(from)) return { skipped: `src/client.ts no longer has \`${from.slice(0, 60)}…\`; prototype not measured` };
    client = client.replace(from, to);
  }
  await writeFile(join(dir, "src/client-split.ts"), client);
  const { operations } = (await import(pathToFileURL(join(dir, "src/generated/operations.ts")).href)) as { operations: Record<string, unknown> };
  const split = [
    `import type { OperationSpec } from "./operations.js";`,
    ...Object.entries(operations).map(([id, op]) => `export const ${id} = ${JSON.stringify(op)} as const satisfies OperationSpec;`),
    ``,
  ].join("\n");
  await writeFile(join(dir, "src/generated/operations-split.ts"), split);
  const app = [
    `import { createThuliumClientFor } from ${JSON.stringify(join(dir, "src/client-split.ts"))};`,
    `import { ${operationId} } from ${JSON.stringify(join(dir, "src/generated/operations-split.ts"))};`,
    `const thulium = createThuliumClientFor({ system: "example", username: process.env.THULIUM_USER!, password: process.env.THULIUM_PASSWORD! }, { ${operationId} });`,
    `await (thulium as any).${operationId}(${params});`,
    ``,
  ].join("\n");
  return bundleSize(app, dir);
}
