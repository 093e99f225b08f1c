/**
 * External programs the docs tests drive. On a developer machine a missing
 * one skips its test with the reason and the install command; in CI, where
 * .ci/run installs them and sets the variable, a missing one fails the test.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import type { TestContext } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Tool {
  name: string;
  available: boolean;
  install: string;
  /** Variable that .ci/run sets to make the tool mandatory. */
  requiredBy: string;
}

export const chromium: Tool = {
  name: `Chromium (${CHROMIUM_PATH})`,
  available: existsSync(CHROMIUM_PATH),
  install: "apt-get update && apt-get install -y chromium",
  requiredBy: "THULIUM_REQUIRE_BROWSER",
};

export const curl: Tool = {
  name: "curl",
  available: onPath("curl"),
  install: "apt-get update && apt-get install -y curl",
  requiredBy: "THULIUM_REQUIRE_HTTP_TOOLS",
};

export const httpie: Tool = {
  name: "HTTPie (http)",
  available: onPath("http"),
  install: "apt-get update && apt-get install -y httpie",
  requiredBy: "THULIUM_REQUIRE_HTTP_TOOLS",
};

export const php: Tool = {
  name: "PHP with the curl extension (php)",
  available: onPath("php") && spawnSync("php", ["-r", 'exit(function_exists("curl_init") ? 0 : 1);'], { stdio: "ignore" }).status === 0,
  install: "apt-get update && apt-get install -y php-cli php-curl",
  requiredBy: "THULIUM_REQUIRE_HTTP_TOOLS",
};

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Skips the running test when `tool` is missing, or fails it when its variable says it is required. */
export function needTool(ctx: TestContext, tool: Tool): void {
  if (tool.available) return;
  const reason = `${tool.name} not found; install it with: ${tool.install}`;
  if (process.env[tool.requiredBy] === "1") throw new Error(`${reason} (${tool.requiredBy}=1 makes this test mandatory)`);
  console.warn(`skipped: ${reason}`);
  ctx.skip(reason);
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".js": "text/javascript", ".png": "image/png" };

/** Serves the files of `dir` on 127.0.0.1 at a free port. */
export async function serveDirectory(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    const file = path.endsWith(sep) ? join(path, "index.html") : path;
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
