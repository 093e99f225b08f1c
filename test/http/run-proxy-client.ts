/** Runs proxy-client.ts, the library's one call through a proxy, in a process of its own. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Way } from "./proxy-client.js";
import type { FakeThulium, TestCa } from "./proxy-servers.js";

const CLIENT = fileURLToPath(new URL("./proxy-client.ts", import.meta.url));

export interface WayResult {
  ok: boolean;
  result?: unknown;
  name?: string;
  message?: string;
}

/** proxy-client.ts with `way` against `thulium`, trusting `ca`, with `env` added to the client's settings. */
export function callThrough(ca: TestCa, thulium: FakeThulium, way: Way, env: Record<string, string>): Promise<WayResult> {
  const child = spawn(process.execPath, ["--import", "tsx", CLIENT, way], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_EXTRA_CA_CERTS: ca.caFile,
      THULIUM_BASE_URL: thulium.url,
      THULIUM_USER: "api_user",
      THULIUM_PASSWORD: "api_pass",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`proxy-client.ts ${way} exited ${code}: ${stdout}${stderr}`));
      else resolve(JSON.parse(line) as WayResult);
    });
  });
}
