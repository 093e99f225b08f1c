/**
 * `npm run coverage:spec`: which operations and which documented statuses the contract tests
 * (test/contract/) exercise against Prism, measured from their actual requests: the tests run with a
 * recording proxy in front of Prism (test/prism-mock.ts, when THULIUM_SPEC_COVERAGE names a file), which
 * writes each answer's method, path and status; a status counts when Prism answered it without reporting a
 * violation, i.e. with the spec's own response. Exits 1 naming each operation or status with none.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Json, loadSpec, specOperations } from "../spec/spec.js";

export const COVERAGE_ENV = "THULIUM_SPEC_COVERAGE";

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** Whether Prism reported a violation (`sl-violations`): then the answer is Prism's, not the spec's. */
  violation: boolean;
}

/** A proxy on 127.0.0.1 in front of `target` that appends each exchange to `file` as a JSON line. */
export function startRecordingProxy(target: string, file: string): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const exchange: Exchange = {
        method: req.method ?? "GET",
        path: new URL(req.url ?? "/", target).pathname,
        status: answer.statusCode ?? 0,
        violation: answer.headers["sl-violations"] !== undefined,
      };
      appendFileSync(file, `${JSON.stringify(exchange)}\n`);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })),
  );
}

export interface OperationCoverage {
  operationId: string;
  where: string;
  /** Each documented status and how many requests of the tests got it. */
  statuses: Record<string, number>;
  /** Requests to the operation, whatever their answer. */
  requests: number;
}

/** The coverage of each operation of `spec` by `exchanges`. */
export function specCoverage(spec: Json, exchanges: readonly Exchange[]): OperationCoverage[] {
  return [...specOperations(spec)].map(({ operationId, where, method, route, op }) => {
    const mine = exchanges.filter((e) => e.method.toLowerCase() === method && route.test(e.path));
    const statuses = Object.fromEntries(
      Object.keys(op.responses ?? {}).map((status) => [status, mine.filter((e) => !e.violation && String(e.status) === status).length]),
    );
    return { operationId, where, statuses, requests: mine.length };
  });
}

/** What coverage:spec prints, and the operations or statuses that no test exercised. */
export function coverageReport(coverage: readonly OperationCoverage[]): { lines: string[]; missing: string[] } {
  const lines: string[] = [];
  const missing: string[] = [];
  for (const { operationId, where, statuses, requests } of coverage) {
    lines.push(
      `${operationId} (${where}): ${requests} requests; ${Object.entries(statuses)
        .map(([s, n]) => `${s} ×${n}`)
        .join(", ")}`,
    );
    if (requests === 0) missing.push(`${operationId}: no request`);
    for (const [status, n] of Object.entries(statuses)) if (n === 0 && requests > 0) missing.push(`${operationId}: status ${status}`);
  }
  const documented = coverage.reduce((n, c) => n + Object.keys(c.statuses).length, 0);
  const exercised = coverage.reduce((n, c) => n + Object.values(c.statuses).filter((count) => count > 0).length, 0);
  lines.push(`covered: ${coverage.filter((c) => c.requests > 0).length}/${coverage.length} operations, ${exercised}/${documented} documented statuses`);
  return { lines, missing };
}

/** Runs the contract tests with the recording proxy and returns what they exchanged with Prism. */
export async function recordContractTests(root: string): Promise<{ exchanges: Exchange[]; status: number | null; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "thulium-spec-coverage-"));
  const file = join(dir, "exchanges.jsonl");
  try {
    const run = spawnSync(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "test/contract"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, [COVERAGE_ENV]: file, SCARF_ANALYTICS: "false" },
    });
    const text = await readFile(file, "utf8").catch(() => "");
    const exchanges = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Exchange);
    return { exchanges, status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const { exchanges, status, output } = await recordContractTests(root);
  if (status !== 0) {
    console.error(`coverage:spec: the contract tests failed (exit ${status}):\n${output.slice(-4000)}`);
    process.exit(1);
  }
  const { lines, missing } = coverageReport(specCoverage(await loadSpec(), exchanges));
  for (const line of lines) console.log(line);
  if (missing.length > 0) {
    console.error(`coverage:spec: no contract test against Prism exercises:\n${missing.map((m) => `  ${m}`).join("\n")}`);
    process.exit(1);
  }
}
