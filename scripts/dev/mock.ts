/**
 * `npm run mock -- [--port N] [--host H]`: Prism from openapi/ in the foreground,
 * on 127.0.0.1:4010 by default, until Ctrl-C, SIGTERM or SIGHUP, which stop
 * Prism and free the port. The npm script `exec`s node, so npm's signal
 * reaches this process and not only the shell between them.
 */
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import { SPEC_NAME } from "../spec/spec.js";
import { type PrismServer, startPrism } from "./prism.js";

const USAGE = "usage: npm run mock -- [--port N] [--host H]";

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let values: { port?: string; host?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h" } } }));
} catch (err) {
  fail(`mock: ${(err as Error).message.split("\n")[0]}; ${USAGE}`, 2);
}
if (values.help) {
  console.log(`${USAGE}\nPrism mocking ${SPEC_NAME}, with errors on, on http://127.0.0.1:4010 unless told, until Ctrl-C.`);
  process.exit(0);
}
const host = values.host ?? "127.0.0.1";
const port = values.port === undefined ? 4010 : Number(values.port);
if (!/^\d+$/.test(values.port ?? "4010") || port < 1 || port > 65535)
  fail(`mock: --port must be a whole number from 1 to 65535, got ${values.port}; ${USAGE}`, 2);

/** One line for what the user can fix; undefined when the port can be had. */
function bindProblem(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") resolve(`port ${port} is in use; pass --port`);
      else if (err.code === "EACCES") resolve(`port ${port} needs privileges this user lacks; pass --port above 1023`);
      else if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") resolve(`host ${host} is not an address of this machine; pass --host`);
      else resolve(`cannot listen on ${host}:${port}: ${err.message}`);
    });
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

const problem = await bindProblem();
if (problem) fail(problem);

// A signal stops Prism whenever it comes, also while Prism is still starting.
const stopping = new AbortController();
let prism: PrismServer | undefined;
const stop = async () => {
  if (stopping.signal.aborted) return;
  stopping.abort();
  if (!prism) return; // startPrism sees the abort, stops Prism and rejects
  await prism.stop();
  process.stderr.write("Prism stopped.\n");
  process.exit(0);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);

try {
  prism = await startPrism({ port, host, signal: stopping.signal });
} catch (err) {
  if (stopping.signal.aborted) fail("Prism stopped before it was ready.", 0);
  const message = (err as Error).message;
  // Taken between the check above and Prism's start.
  if (/EADDRINUSE/.test(message)) fail(`port ${port} is in use; pass --port`);
  fail(message);
}

// From here on, Prism's log of each request.
prism.process.stdout?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
prism.process.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
console.log(`
Thulium chat API mock (Prism) on ${prism.url}, from ${SPEC_NAME}. Try:

  curl -i -u api_user:api_pass -X POST ${prism.url}/chat_conversations/6ed7c941-2c8a-411e-95d2-338a9f64800a/stop

Add -H "Prefer: code=404" for a documented error. Ctrl-C stops it.
`);

// Ctrl-C in a terminal signals Prism too: its exit is then expected, not a crash.
prism.process.once("exit", (code, signal) => {
  if (!stopping.signal.aborted) fail(`Prism exited (${signal ?? `code ${code}`})`, code ?? 1);
});
