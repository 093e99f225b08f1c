/**
 * The docs portal as a reader sees it: built from the spec, served from
 * 127.0.0.1 and opened in headless Chromium with the network cut off.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Page, chromium as playwright } from "playwright-core";
import { expect, it } from "vitest";
import { buildDocs, DOCS_DIR, type SampledSpec, sampledSpec } from "../../scripts/docs/build-docs.js";
import { CHROMIUM_PATH, chromium, needTool, serveDirectory } from "./tools.js";

const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));
const SCREENSHOT = join(RESULTS, "docs-portal.png");
const SYNTHETIC = fileURLToPath(new URL("fixtures/synthetic.yaml", import.meta.url));
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

function summaries(spec: SampledSpec): string[] {
  return Object.values<Record<string, { summary?: string }>>(spec.document.paths).flatMap((item) =>
    Object.values(item).flatMap((op) => (typeof op?.summary === "string" ? [op.summary] : [])),
  );
}

/** Serves `dir`, opens it with every non-loopback request blocked, runs `check`, then asserts nothing left the machine and the console stayed clean. */
async function inBrowser(dir: string, check: (page: Page) => Promise<void>): Promise<void> {
  const server = await serveDirectory(dir);
  const browser = await playwright.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const offMachine: string[] = [];
    const consoleErrors: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      offMachine.push(url);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("request", (request) => {
      if (!isLoopback(request.url()) && !offMachine.includes(request.url())) offMachine.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(server.url, { waitUntil: "load" });
    await check(page);
    expect(offMachine, "requests that would have left the machine").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function expectSummaries(page: Page, spec: SampledSpec): Promise<void> {
  const expected = summaries(spec);
  expect(expected).toHaveLength(spec.samples.size);
  for (const summary of expected) {
    await expect.poll(() => page.locator("h2", { hasText: summary }).first().isVisible(), { message: `summary "${summary}"` }).toBe(true);
  }
}

/** The operation's section that holds its request samples (Redoc nests two sections with this id suffix). */
function operationSection(page: Page, operationId: string) {
  return page
    .locator(`[data-section-id$="operation/${operationId}"]`)
    .filter({ has: page.getByRole("tab", { name: "curl", exact: true }) })
    .last();
}

/** Clicks the sample's tab and checks the shown code is the generated source. */
async function expectSampleShown(page: Page, spec: SampledSpec, operationId: string, label: string): Promise<void> {
  const sample = spec.samples.get(operationId)?.find((s) => s.label === label);
  if (!sample) throw new Error(`no ${label} sample for ${operationId}`);
  const section = operationSection(page, operationId);
  await section.scrollIntoViewIfNeeded();
  await section.getByRole("tab", { name: label, exact: true }).click();
  const shown = section
    .locator('[role="tabpanel"]', { hasText: sample.source.split("\n")[0] })
    .locator("pre")
    .first();
  await expect.poll(() => shown.isVisible(), { message: `${operationId}: ${label} sample visible` }).toBe(true);
  expect(normalizeSpace(await shown.innerText()), `${operationId}: ${label}`).toBe(normalizeSpace(sample.source));
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

it("renders every operation with its TypeScript and curl samples, offline and without console errors", async (ctx) => {
  needTool(ctx, chromium);
  const [, spec] = await Promise.all([buildDocs(), sampledSpec()]);
  await inBrowser(DOCS_DIR, async (page) => {
    await expectSummaries(page, spec);
    await expectSampleShown(page, spec, "stopChatConversation", "curl");
    await expectSampleShown(page, spec, "stopChatConversation", "TypeScript");
    // The four generated samples only: no Redoc "Payload" tab showing a body field they leave out.
    const tabs = operationSection(page, "stopChatConversation").getByRole("tab");
    const requestTabs = async () => (await tabs.allInnerTexts()).filter((tab) => !/^\d{3}$/.test(tab)); // less the response statuses
    await expect.poll(requestTabs, { message: "stopChatConversation: request sample tabs" }).toEqual(["TypeScript", "curl", "HTTPie", "PHP"]);
    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });
});

it("renders the four samples of every operation of a spec with query arrays, bodies and DELETEs", async (ctx) => {
  needTool(ctx, chromium);
  const outDir = join(RESULTS, "docs-synthetic");
  const [, spec] = await Promise.all([buildDocs({ spec: SYNTHETIC, outDir }), sampledSpec(SYNTHETIC)]);
  await inBrowser(outDir, async (page) => {
    await expectSummaries(page, spec);
    for (const [operationId, samples] of spec.samples) {
      const tabs = operationSection(page, operationId).getByRole("tab");
      await expect.poll(() => tabs.allInnerTexts(), { message: `${operationId}: sample tabs` }).toEqual(expect.arrayContaining(samples.map((s) => s.label)));
    }
    for (const label of ["TypeScript", "curl", "HTTPie", "PHP"]) await expectSampleShown(page, spec, "getThingReport", label);
  });
});
