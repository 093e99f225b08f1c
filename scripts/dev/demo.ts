/**
 * `npm run demo`: starts Prism from openapi/ on a free loopback port and
 * drives it with the `thulium-chat` CLI, as subprocesses, printing each
 * command and what it printed: start → send → stop, then a bulk stop of 100
 * generated ids. A step whose operation the spec does not have yet is shown
 * as skipped. Exits non-zero if any command fails.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { operations } from "../../src/generated/operations.js";
import { startPrism } from "./prism.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
/** The id of the spec's examples, used when `start` cannot give one. */
const EXAMPLE_ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const BULK = 100;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function thuliumChat(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const shellWord = (arg: string) => (/^[\w./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

const prism = await startPrism();
const env = { ...process.env, THULIUM_BASE_URL: prism.url, THULIUM_USER: "api_user", THULIUM_PASSWORD: "api_pass" };
let failed = false;

/** Runs one CLI command and prints it as a terminal would; undefined when its operation is not in the spec. */
async function step(operationId: string, args: string[], options: { stdin?: string; shown?: string } = {}): Promise<Run | undefined> {
  const shown = options.shown ?? `$ thulium-chat ${args.map(shellWord).join(" ")}`;
  console.log(shown);
  if (!(operationId in operations)) {
    console.log(`(skipped: the spec has no ${operationId} operation yet)\n`);
    return undefined;
  }
  const run = await thuliumChat(args, env, options.stdin);
  process.stdout.write(run.stdout + run.stderr);
  if (run.code !== 0) {
    console.log(`(exit code ${run.code})`);
    failed = true;
  }
  console.log("");
  return run;
}

try {
  console.log(`Prism is mocking openapi/openapi.yaml on ${prism.url}.\n`);
  console.log(`$ export THULIUM_BASE_URL=${prism.url} THULIUM_USER=api_user THULIUM_PASSWORD=api_pass\n`);

  const started = await step("startChatConversation", ["start", "--queue", "3", "--client-id", "1234", "--json"]);
  const id = started?.code === 0 ? (JSON.parse(started.stdout) as { conversation_id: string }).conversation_id : EXAMPLE_ID;
  await step("sendChatMessage", ["send", id, "Hello, world!"]);
  await step("stopChatConversation", ["stop", id]);

  const ids = Array.from({ length: BULK }, () => randomUUID());
  await step("stopChatConversation", ["stop", "-", "--concurrency", "8"], {
    stdin: `${ids.join("\n")}\n`,
    shown: `$ thulium-chat stop - --concurrency 8 < ids.txt    # ${BULK} random UUIDs, one per line`,
  });
} finally {
  await prism.stop();
}
console.log(failed ? "A command failed; see above." : "Prism stopped. Every command exited 0.");
process.exitCode = failed ? 1 : 0;
