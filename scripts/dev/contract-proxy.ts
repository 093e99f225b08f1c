/**
 * `npm run contract:proxy -- <upstream-url> [--port 4010] [--spec openapi/openapi.yaml]`
 *
 * A contract checker between your integration tests and a real Thulium system:
 *
 *   your client --> 127.0.0.1:<port> (this script) --> Prism proxy, errors on --> <upstream-url>
 *
 * Prism checks each request and response against the spec and, with `--errors`,
 * answers 500 with the violations instead of a response that breaks the spec.
 * Prism 5.14 does not check a body sent with a status whose spec declares none,
 * nor a status the operation does not declare; this script checks those itself.
 *
 * Each violation is printed as one line naming the operation:
 *   VIOLATION stopChatConversation POST /chat_conversations/…/stop -> 200: response.body …
 * (`-> <status>` when the upstream's status is known; Prism hides it when it replaces a response).
 * On SIGINT/SIGTERM it prints a summary and exits 1 if any violation was seen,
 * so a CI job can run it in the background around its integration tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Json, loadSpec, SPEC_FILE, SPEC_NAME, specOperations } from "../spec/spec.js";
import { type PrismServer, startPrism } from "./prism.js";

/** Prism's answer when it replaces a response that breaks the spec (`--errors`). */
const PRISM_VIOLATIONS = "https://stoplight.io/prism/errors#VIOLATIONS";
/** Prism's answer to a request that breaks the spec. */
const PRISM_INVALID_REQUEST = "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY";
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host", "upgrade"]);

export interface Route {
  operationId: string;
  method: string;
  path: string;
  pattern: RegExp;
  /** Declared status codes ("200", "4XX", "default") -> whether that response declares a body. */
  responses: Map<string, boolean>;
}

export interface Violation {
  operationId: string;
  method: string;
  path: string;
  /** The upstream's status, when known: Prism replaces a response it finds broken by its own 500. */
  status: number | undefined;
  messages: string[];
  /** Found by Prism, which already answered the client with its own error; otherwise by this script. */
  byPrism: boolean;
}

/** The operations of a spec, to name the operation a request belongs to. */
async function loadRoutes(spec: string): Promise<Route[]> {
  const routes: Route[] = [];
  for (const { operationId, path, method, op, route } of specOperations(await loadSpec(spec))) {
    const responses = new Map<string, boolean>();
    for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
      responses.set(status, Object.keys(response?.content ?? {}).length > 0);
    }
    routes.push({ operationId, method: method.toUpperCase(), path, pattern: route, responses });
  }
  return routes;
}

function findRoute(routes: Route[], method: string, pathname: string): Route | undefined {
  return routes.find((r) => r.method === method && r.pattern.test(pathname));
}

/** Whether the declared response for `status` has a body; undefined when the status is not declared. */
function declaresBody(route: Route, status: number): boolean | undefined {
  const exact = route.responses.get(String(status));
  if (exact !== undefined) return exact;
  return route.responses.get(`${String(status)[0]}XX`) ?? route.responses.get("default");
}

/** The violations in one answer that went through Prism; empty when it keeps to the spec. */
function checkAnswer(route: Route | undefined, method: string, pathname: string, status: number, contentType: string, body: Buffer): Violation | undefined {
  const base = {
    operationId: route?.operationId ?? "(no operation in the spec)",
    method,
    path: pathname,
    status: undefined as number | undefined,
    byPrism: true,
  };
  if (contentType.includes("application/problem+json")) {
    let problem: Json | undefined;
    try {
      problem = JSON.parse(body.toString("utf8"));
    } catch {
      problem = undefined;
    }
    if (problem?.type === PRISM_VIOLATIONS || problem?.type === PRISM_INVALID_REQUEST) {
      const where = problem.type === PRISM_INVALID_REQUEST ? "request" : "response";
      const validation: Json[] = Array.isArray(problem.validation) ? problem.validation : [];
      const messages = validation.map((v) => {
        const location = Array.isArray(v.location) ? v.location.join(".") : where;
        return `${location.startsWith(where) ? location : `${where}.${location}`}: ${v.message}`;
      });
      return { ...base, messages: messages.length > 0 ? messages : [`${where}: ${problem.title ?? "not valid"}`] };
    }
    if (typeof problem?.type === "string" && problem.type.startsWith("https://stoplight.io/prism/errors#")) {
      return { ...base, messages: [`request: ${problem.title ?? problem.type}${problem.detail ? ` (${problem.detail})` : ""}`] };
    }
  }
  if (!route) return undefined;
  base.byPrism = false;
  base.status = status;
  const hasBody = declaresBody(route, status);
  if (hasBody === undefined) {
    return {
      ...base,
      messages: [`response.status: ${status} is not a status the spec declares for ${route.operationId} (${[...route.responses.keys()].join(", ")})`],
    };
  }
  if (!hasBody && body.length > 0) {
    return { ...base, messages: [`response.body: the spec declares no body for ${status}, but ${body.length} bytes came: ${excerpt(body)}`] };
  }
  return undefined;
}

function excerpt(body: Buffer): string {
  const text = body.toString("utf8").replace(/\s+/g, " ");
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function formatViolation(v: Violation): string {
  return `VIOLATION ${v.operationId} ${v.method} ${v.path}${v.status === undefined ? "" : ` -> ${v.status}`}: ${v.messages.join("; ")}`;
}

export interface ContractProxy {
  url: string;
  violations: Violation[];
  checked(): number;
  prism: PrismServer;
  stop(): Promise<void>;
}

async function startContractProxy(options: { upstream: string; port?: number; spec?: string; onViolation?: (v: Violation) => void }): Promise<ContractProxy> {
  const spec = options.spec ?? SPEC_FILE;
  const routes = await loadRoutes(spec);
  const prism = await startPrism({ mode: "proxy", upstream: options.upstream, spec });
  const violations: Violation[] = [];
  let checked = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", prism.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = chunks.length > 0 && method !== "GET" && method !== "HEAD";
    const answer = await fetch(url, { method, headers, body: hasBody ? Buffer.concat(chunks) : undefined, redirect: "manual" });
    const body = Buffer.from(await answer.arrayBuffer());
    checked += 1;
    const route = findRoute(routes, method, url.pathname);
    const violation = checkAnswer(route, method, url.pathname, answer.status, answer.headers.get("content-type") ?? "", body);
    if (violation) {
      violations.push(violation);
      options.onViolation?.(violation);
    }
    const outHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) outHeaders[name] = value;
    });
    if (violation && !violation.byPrism) {
      // As Prism does with --errors: the client gets an error, not a response that breaks the spec.
      const problem = JSON.stringify({
        type: PRISM_VIOLATIONS,
        title: "Request/Response not valid",
        status: 500,
        detail: `The upstream response breaks the spec (${violation.operationId}); contract:proxy replaced it with this error.`,
        validation: violation.messages.map((message) => ({ severity: "Error", message })),
      });
      res.writeHead(500, { "content-type": "application/problem+json", "sl-violations": JSON.stringify(violation.messages) });
      res.end(problem);
      return;
    }
    res.writeHead(answer.status, outHeaders);
    res.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`contract:proxy could not reach Prism: ${message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    checked: () => checked,
    prism,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await prism.stop();
    },
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: "string", default: "4010" }, spec: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const usage = "usage: npm run contract:proxy -- <upstream-url> [--port 4010] [--spec openapi/openapi.yaml]";
  if (values.help) {
    console.log(usage);
    return;
  }
  const [upstream] = positionals;
  if (positionals.length !== 1 || !upstream) throw new Error(`one upstream URL is needed\n${usage}`);
  let upstreamUrl: URL;
  try {
    upstreamUrl = new URL(upstream);
  } catch {
    throw new Error(`not a URL: ${upstream}\n${usage}`);
  }
  if (upstreamUrl.protocol !== "http:" && upstreamUrl.protocol !== "https:") throw new Error(`the upstream must be http or https, got ${upstreamUrl.protocol}`);
  // Credentials belong to the client's requests, which are forwarded as they are; never to the URL printed here.
  if (upstreamUrl.username || upstreamUrl.password) throw new Error("the upstream URL must not contain credentials");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);

  const proxy = await startContractProxy({
    upstream: upstreamUrl.href.replace(/\/$/, ""),
    port,
    spec: values.spec,
    onViolation: (v) => console.log(formatViolation(v)),
  });
  console.log(`contract:proxy listening on ${proxy.url}, checking ${upstreamUrl.origin}${upstreamUrl.pathname} against ${values.spec ?? SPEC_NAME}`);
  console.log("Point your client's baseUrl at it. Ctrl-C prints the summary; the exit code is 1 if any response broke the spec.");

  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    await proxy.stop();
    const n = proxy.violations.length;
    const m = proxy.checked();
    console.log(`contract:proxy: ${m} response${m === 1 ? "" : "s"} checked, ${n} violation${n === 1 ? "" : "s"}`);
    process.exit(n > 0 ? 1 : 0);
  };
  process.on("SIGINT", finish);
  process.on("SIGTERM", finish);
  proxy.prism.process.once("exit", (code) => {
    if (stopping) return;
    console.error(`contract:proxy: Prism exited (code ${code}):\n${proxy.prism.output()}`);
    process.exit(2);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`contract:proxy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
