/**
 * `npm run docs`: builds docs/index.html, the docs portal, from openapi/openapi.yaml.
 *
 *  1. Bundles the spec and adds `x-codeSamples` (TypeScript, curl, HTTPie, PHP)
 *     to every operation of the bundled copy only; the source YAML never holds
 *     samples. The templates are in scripts/code-samples/.
 *  2. Renders it with `redocly build-docs` (Redoc 2, which shows x-codeSamples).
 *  3. Inlines Redoc's browser bundle, from the `redoc` package of the same
 *     version and hash the CLI would load from its CDN, and drops Google Fonts,
 *     so the page loads nothing from the network.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Json, loadSpec, SPEC_FILE } from "../spec/spec.js";
import { type CodeSample, codeSamples, type SampleRequest, sampleRequests } from "./code-samples/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);

export const DOCS_DIR = join(root, "docs");

export interface SampledSpec {
  /** The bundled spec, `$ref`s to components kept, with x-codeSamples on every operation. */
  document: Json;
  requests: SampleRequest[];
  samples: Map<string, CodeSample[]>;
}

/** Bundles `specPath` and adds the generated code samples to the bundle. */
export async function sampledSpec(specPath = SPEC_FILE): Promise<SampledSpec> {
  const [plain, resolved] = await Promise.all([loadSpec(specPath, { dereference: false }), loadSpec(specPath)]);

  const requests = sampleRequests(resolved);
  const samples = new Map<string, CodeSample[]>();
  for (const request of requests) {
    const operation = plain.paths[request.pathTemplate][request.method.toLowerCase()] as Json;
    if (operation["x-codeSamples"] !== undefined || operation["x-code-samples"] !== undefined) {
      throw new Error(`${request.method} ${request.pathTemplate}: remove x-codeSamples from the spec; the docs build generates them`);
    }
    operation.description = `${operation.description ?? ""}\n\n${retryNote(operation["x-idempotent"] === true)}`.trimStart();
    const generated = codeSamples(request);
    operation["x-codeSamples"] = generated;
    samples.set(request.operationId, generated);
  }
  return { document: plain, requests, samples };
}

/** What the client does when a call of this operation fails on the way; readers see it under each operation. */
function retryNote(idempotent: boolean): string {
  return idempotent
    ? "**Retries:** safe to repeat (`x-idempotent`). The TypeScript client retries it after a connection error, a timeout, 408, 429 and 5xx."
    : "**Retries:** not safe to repeat. The TypeScript client retries it only when the request never left the machine, and on 429.";
}

export interface BuildDocsOptions {
  spec?: string;
  outDir?: string;
}

/** Builds `<outDir>/index.html`; returns its path. */
export async function buildDocs(options: BuildDocsOptions = {}): Promise<{ html: string; requests: SampleRequest[] }> {
  const outDir = options.outDir ?? DOCS_DIR;
  const { document, requests } = await sampledSpec(options.spec);
  for (const request of requests) {
    if (request.placeholders.length > 0) {
      console.warn(`warning: ${request.operationId}: no documented example for ${request.placeholders.join(", ")}; its samples use a made-up value`);
    }
  }
  await mkdir(outDir, { recursive: true });
  const bundled = join(outDir, "openapi.json");
  await writeFile(bundled, `${JSON.stringify(document, null, 2)}\n`);
  const html = join(outDir, "index.html");
  // A wider right panel: the samples' lines fit without scrolling sideways on a laptop screen.
  // No "Payload" tab: it would show every body field the spec has an example for, even one the samples leave out.
  await redocly([
    "build-docs",
    bundled,
    "--output",
    html,
    "--disableGoogleFont",
    "--theme.openapi.theme.rightPanel.width=48%",
    "--theme.openapi.hideRequestPayloadSample=true",
  ]);
  await writeFile(html, await inlineRedoc(await readFile(html, "utf8")));
  return { html, requests };
}

function redocly(args: string[]): Promise<void> {
  const bin = join(dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", SCARF_ANALYTICS: "false" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`redocly ${args[0]} exited with ${code}:\n${output}`))));
  });
}

/**
 * Replaces the CDN `<script>` that build-docs writes with the same file from
 * node_modules/redoc, checked against the CLI's own integrity hash, and makes
 * sure nothing else on the page points off the machine.
 */
async function inlineRedoc(html: string): Promise<string> {
  const tag = /<script src="https:\/\/cdn\.redocly\.com\/redoc\/v([^/]+)\/bundles\/redoc\.standalone\.js" integrity="sha384-([^"]+)"[^>]*><\/script>/;
  const match = tag.exec(html);
  if (!match) throw new Error("redocly build-docs output has no Redoc CDN <script> to inline; did @redocly/cli change?");
  const [, version, integrity] = match;
  const redocDir = dirname(require.resolve("redoc/package.json"));
  const installed = (JSON.parse(await readFile(join(redocDir, "package.json"), "utf8")) as { version: string }).version;
  const script = await readFile(join(redocDir, "bundles/redoc.standalone.js"), "utf8");
  const hash = createHash("sha384").update(script).digest("base64");
  if (installed !== version || hash !== integrity) {
    throw new Error(
      `@redocly/cli loads Redoc ${version} (sha384-${integrity}), but node_modules has redoc ${installed} (sha384-${hash}): pin the redoc devDependency to ${version}`,
    );
  }
  if (/<\/script/i.test(script)) throw new Error("redoc.standalone.js contains </script and cannot be inlined");
  // Redoc mounts an <img> of Redocly's logo from its CDN in the menu footer; with no
  // src it takes its own onError path and renders nothing (the text link stays).
  const offline = script.replaceAll('src:"https://cdn.redoc.ly/redoc/logo-mini.svg"', 'src:""');
  if (/cdn\.redoc(ly)?\.(ly|com)/.test(offline))
    throw new Error("redoc.standalone.js loads something else from Redocly's CDN; update scripts/docs/build-docs.ts");
  // The CLI prerenders with React 19, but Redoc 2.5.4's bundle hydrates with React 18:
  // every hydration mismatches (React errors #418/#423 in the console) and React
  // falls back to rendering on the client. Render on the client from the start
  // instead; the prerendered markup shows until Redoc replaces it.
  const hydrate = "Redoc.hydrate(__redoc_state, container);";
  if (!html.includes(hydrate)) throw new Error(`redocly build-docs output has no "${hydrate}"; did @redocly/cli change?`);
  const page = html
    .replace(hydrate, "Redoc.init(__redoc_state.spec.data, __redoc_state.options, container);")
    .replace(tag, () => `<script>${offline}</script>`);
  const external = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?\/\/[^"]*"/i.exec(page.replace(offline, ""));
  if (external) throw new Error(`docs page still loads from the network: ${external[0]}`);
  return page;
}

async function main() {
  const started = Date.now();
  const { html, requests } = await buildDocs();
  const samples = requests.length * 4;
  console.log(`docs: ${html} (${requests.length} operation(s), ${samples} code samples) in ${Date.now() - started} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
