/**
 * The docs portal as a reader sees it: built from the spec, served from
 * 127.0.0.1 and opened in headless Chromium with the network cut off.
 */
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium as playwright } from "playwright-core";
import { expect, it } from "vitest";
import { DOCS_DIR, buildDocs, sampledSpec } from "../../scripts/build-docs.js";
import { CHROMIUM_PATH, chromium, needTool, serveDirectory } from "./tools.js";

const SCREENSHOT = fileURLToPath(new URL("../../test-results/docs-portal.png", import.meta.url));
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

it("renders every operation with its TypeScript and curl samples, offline and without console errors", async (ctx) => {
  needTool(ctx, chromium);
  await buildDocs();
  const { document, samples } = await sampledSpec();
  const summaries = Object.values<Record<string, { summary?: string }>>(document.paths).flatMap((item) =>
    Object.values(item).flatMap((op) => (typeof op?.summary === "string" ? [op.summary] : [])),
  );
  expect(summaries).toHaveLength(samples.size);
  const stopSamples = samples.get("stopChatConversation");
  expect(stopSamples).toBeDefined();

  const server = await serveDirectory(DOCS_DIR);
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

    for (const summary of summaries) {
      await expect.poll(() => page.locator("h2", { hasText: summary }).first().isVisible(), { message: `summary "${summary}"` }).toBe(true);
    }

    // Redoc nests two sections with this id suffix; the samples sit in one of them.
    const operation = page
      .locator('[data-section-id$="operation/stopChatConversation"]')
      .filter({ has: page.getByRole("tab", { name: "curl", exact: true }) })
      .last();
    await operation.scrollIntoViewIfNeeded();
    for (const label of ["TypeScript", "curl"]) {
      const sample = stopSamples?.find((s) => s.label === label);
      expect(sample, label).toBeDefined();
      await operation.getByRole("tab", { name: label, exact: true }).click();
      const shown = await operation.locator('[role="tabpanel"]', { hasText: firstLine(sample!.source) }).locator("pre").first();
      await expect.poll(() => shown.isVisible(), { message: `${label} sample visible` }).toBe(true);
      expect(normalizeSpace(await shown.innerText())).toBe(normalizeSpace(sample!.source));
      if (label === "TypeScript") {
        await mkdir(fileURLToPath(new URL("../../test-results/", import.meta.url)), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      }
    }

    expect(offMachine, "requests that would have left the machine").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
  } finally {
    await browser.close();
    await server.close();
  }
});

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
