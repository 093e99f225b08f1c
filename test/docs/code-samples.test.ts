/**
 * The request samples of the docs portal: generated for every operation from
 * the spec alone, and each one executed. TypeScript samples are type-checked
 * against this package; curl and HTTPie samples are run against Prism, with
 * the base URL swapped, for the real spec and for a synthetic one that has
 * query arrays, JSON bodies and DELETEs, each Prism started here (this is a
 * test of the docs tooling, not of the package: it asks for no shared mock).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismServer, startPrism } from "../../scripts/dev/prism.js";
import { type SampledSpec, sampledSpec } from "../../scripts/docs/build-docs.js";
import { operations } from "../../src/generated/operations.js";
import { curl, httpie, needTool, php, type Tool } from "./tools.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SYNTHETIC = join(root, "test/docs/fixtures/synthetic.yaml");
const BASE_URL = "https://your-system-name.thulium.com/api";
const LABELS = ["TypeScript", "curl", "HTTPie", "PHP"];

let real: SampledSpec;
let synthetic: SampledSpec;

beforeAll(async () => {
  [real, synthetic] = await Promise.all([sampledSpec(), sampledSpec(SYNTHETIC)]);
});

function source(spec: SampledSpec, operationId: string, label: string): string {
  const sample = spec.samples.get(operationId)?.find((s) => s.label === label);
  if (!sample) throw new Error(`no ${label} sample for ${operationId}`);
  return sample.source;
}

describe("generated samples", () => {
  it("cover every operation of the client in four languages, from the spec alone", () => {
    expect([...real.samples.keys()].sort()).toEqual(Object.keys(operations).sort());
    for (const spec of [real, synthetic]) {
      for (const [operationId, samples] of spec.samples) {
        expect(
          samples.map((s) => s.label),
          operationId,
        ).toEqual(LABELS);
        expect(source(spec, operationId, "TypeScript")).toContain(`await thulium.${operationId}(`);
      }
    }
    expect(synthetic.samples.size).toBe(7);
  });

  it("use the real path and the documented example values", () => {
    expect(source(real, "stopChatConversation", "curl")).toBe(
      [
        `curl -u "$THULIUM_USER:$THULIUM_PASSWORD" \\`,
        `  -X POST \\`,
        `  -H 'Accept: application/json' \\`,
        `  ${BASE_URL}/chat_conversations/6ed7c941-2c8a-411e-95d2-338a9f64800a/stop`,
      ].join("\n"),
    );
    expect(source(synthetic, "deleteThingContent", "HTTPie")).toContain(`DELETE ${BASE_URL}/things/content/a779146f-4df3-49c1-826a-7caa6a5e653a/customer`);
    expect(source(synthetic, "deleteThing", "PHP")).toContain(`curl_init('${BASE_URL}/things/0b7e1c52-8f0e-4a59-9a3e-3f3b1c2d4e5f')`);
    expect(source(synthetic, "listThings", "curl")).toContain(`'${BASE_URL}/things?limit=100&date_to=2014-07-14%2012:34&include_messages=false'`);
  });

  it("subscribe with the body of Thulium's example, which holds no webhook password", () => {
    expect(source(real, "createWebhook", "curl")).toContain(
      `--data '{"actions":["CHAT_CONVERSATION_CREATED"],"subscription_url":"https://example.pl"}' \\\n  ${BASE_URL}/webhooks`,
    );
    expect(source(real, "createWebhook", "TypeScript")).toContain(`actions: ["CHAT_CONVERSATION_CREATED"],`);
    expect(source(real, "listWebhooks", "HTTPie")).toContain(`GET ${BASE_URL}/webhooks`);
    expect(real.requests.find((r) => r.operationId === "createWebhook")?.placeholders).toEqual([]);
    for (const operationId of ["createWebhook", "listWebhooks"]) {
      for (const { source: text } of real.samples.get(operationId) ?? []) expect(text).not.toContain("http_auth_password");
    }
  });

  it("leave out an optional parameter or body field whose format is undocumented (x-undocumented-format), in every language", () => {
    for (const [spec, field] of [
      [real, "external_chatbot_id"],
      [synthetic, "bot_id"],
    ] as const) {
      for (const [operationId, samples] of spec.samples) {
        for (const sample of samples) expect(sample.source, `${operationId} ${sample.label}`).not.toContain(field);
      }
    }
    // An optional body left empty is not sent at all, as Thulium's own stop samples send none.
    for (const label of LABELS) expect(source(real, "stopChatConversation", label)).not.toMatch(/Content-Type|--data|POSTFIELDS/);
    expect(source(real, "sendChatMessage", "curl")).toContain(`--data '{"text":"Hello, world!"}'`);
    expect(source(synthetic, "startThing", "curl")).toContain("queue_id=3");
  });

  it("send array query parameters as name[]=a&name[]=b, and take them flat in TypeScript", () => {
    const query = "user_logins[]=jankowalski&user_logins[]=anowak&queue_ids[]=1&queue_ids[]=3&date_from=2019-11-01%2011:12:00";
    expect(source(synthetic, "getThingReport", "curl")).toContain(`--globoff`);
    expect(source(synthetic, "getThingReport", "curl")).toContain(`'${BASE_URL}/things/reports/summary?${query}'`);
    expect(source(synthetic, "getThingReport", "PHP")).toContain(`curl_init('${BASE_URL}/things/reports/summary?${query}')`);
    expect(source(synthetic, "getThingReport", "HTTPie")).toContain(`'user_logins[]==jankowalski' \\\n  'user_logins[]==anowak'`);
    expect(source(synthetic, "getThingReport", "TypeScript")).toContain(`user_logins: ["jankowalski", "anowak"],\n  queue_ids: [1, 3],`);
  });

  it("quote JSON bodies for the shell and for PHP", () => {
    expect(source(synthetic, "sendThingMessage", "curl")).toContain(`--data '{"text":"It'\\''s \\"quoted\\" & $HOME","tags":["a","b"],"urgent":true}'`);
    expect(source(synthetic, "sendThingMessage", "HTTPie")).toContain(`'text=It'\\''s "quoted" & $HOME' \\\n  'tags:=["a","b"]' \\\n  urgent:=true`);
    expect(source(synthetic, "sendThingMessage", "PHP")).toContain(`'text' => 'It\\'s "quoted" & $HOME',`);
  });

  it("give a required field without an example a typed placeholder, and say so", () => {
    const request = synthetic.requests.find((r) => r.operationId === "createThingNote");
    expect(request?.placeholders).toEqual(["POST /things/notes body field note", "POST /things/notes body field kind"]);
    expect(request?.body).toEqual({ labels: ["red"], note: "string", kind: "plain" });
  });

  it("never turn off TLS checks and never hold a password", () => {
    for (const spec of [real, synthetic]) {
      for (const samples of spec.samples.values()) {
        for (const { source: text } of samples) {
          expect(text).not.toMatch(/(^|\s)(-k|--insecure|--verify=no)(\s|$)|SSL_VERIFY|api_pass/);
          expect(text).toMatch(/THULIUM_PASSWORD/);
        }
      }
    }
  });

  it("live in the bundled copy only: the source YAML holds none, and the build refuses hand-written ones", async () => {
    for (const dir of ["openapi", "openapi/paths"]) {
      for (const file of (await readdir(join(root, dir))).filter((f) => f.endsWith(".yaml"))) {
        expect(await readFile(join(root, dir, file), "utf8"), file).not.toMatch(/x-code-?samples/i);
      }
    }
    const dir = await mkdtemp(join(tmpdir(), "docs-samples-"));
    try {
      const spec = (await readFile(SYNTHETIC, "utf8")).replace("operationId: deleteThing\n", "operationId: deleteThing\n      x-codeSamples: []\n");
      await writeFile(join(dir, "openapi.yaml"), spec);
      await expect(sampledSpec(join(dir, "openapi.yaml"))).rejects.toThrow("DELETE /things/{id}: remove x-codeSamples from the spec");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("TypeScript samples", () => {
  const dir = join(root, "test-results/typescript-samples");

  /** Type-checks files that import the package by name; returns the diagnostics as text. */
  async function typecheck(files: Record<string, string>): Promise<string[]> {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const paths = await Promise.all(
      Object.entries(files).map(async ([name, text]) => {
        const path = join(dir, `${name}.ts`);
        await writeFile(path, text);
        return path;
      }),
    );
    const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!config) throw new Error("tsconfig.json does not parse");
    const program = ts.createProgram(paths, { ...config.options, noEmit: true });
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? `${d.file.fileName.slice(root.length)}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  }

  it("type-check against the package (src/index.ts), and a wrong one does not", async () => {
    const files = Object.fromEntries([...real.samples.keys()].map((id) => [id, source(real, id, "TypeScript")]));
    const send = source(real, "sendChatMessage", "TypeScript");
    const broken = {
      wrongParam: send.replace("text:", "chatbot:"),
      wrongType: send.replace(`id: "6ed7c941-2c8a-411e-95d2-338a9f64800a"`, "id: 42"),
    };
    const diagnostics = await typecheck({ ...files, ...broken });
    expect(diagnostics.filter((d) => !/wrong(Param|Type)\.ts/.test(d))).toEqual([]);
    expect(diagnostics.filter((d) => d.includes("wrongParam.ts")).join("\n")).toMatch(/chatbot/);
    expect(diagnostics.filter((d) => d.includes("wrongType.ts")).join("\n")).toMatch(/number/);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(script: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, THULIUM_USER: "api_user", THULIUM_PASSWORD: "api_pass", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The sample as shown in the docs, pointed at `baseUrl` instead of Thulium. */
function against(baseUrl: string, text: string): string {
  expect(text).toContain(BASE_URL);
  return text.replaceAll(BASE_URL, baseUrl);
}

interface Result {
  status: number;
  run: Run;
}

/** How each shell-run language is executed; each returns the HTTP status it got. */
const runners: { label: string; tool: Tool; run(text: string, scratch: string): Promise<Result> }[] = [
  {
    label: "curl",
    tool: curl,
    async run(text) {
      const run = await sh(`${text} -sS -w '\\n%{http_code}'`);
      return { status: Number(run.stdout.split("\n").pop()), run };
    },
  },
  {
    label: "HTTPie",
    tool: httpie,
    async run(text, scratch) {
      // No stdin: under a test runner it is not a terminal, and HTTPie would send it as the body.
      // Its own config dir turns off HTTPie's update check, so nothing leaves the machine.
      const run = await sh(`${text} --ignore-stdin --print=h`, { HTTPIE_CONFIG_DIR: scratch });
      return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(run.stdout)?.[1]), run };
    },
  },
  {
    label: "PHP",
    tool: php,
    async run(text, scratch) {
      const file = join(scratch, "sample.php");
      await writeFile(file, `${text}\nfwrite(STDOUT, "\\n" . $status);\n`);
      const run = await sh(`php ${file}`);
      return { status: run.code === 0 ? Number(run.stdout.split("\n").pop()) : Number.NaN, run };
    },
  },
];

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "docs-samples-"));
  await writeFile(join(dir, "config.json"), JSON.stringify({ disable_update_warnings: true }));
  return dir;
}

describe.each([
  { spec: "openapi/openapi.yaml", sampled: () => real, prism: () => startPrism() },
  { spec: "test/docs/fixtures/synthetic.yaml", sampled: () => synthetic, prism: () => startPrism({ spec: SYNTHETIC }) },
])("shell and PHP samples of $spec against Prism", ({ sampled, prism: start }) => {
  let prism: Pick<PrismServer, "url" | "stop">;
  let scratch: string;

  beforeAll(async () => {
    [prism, scratch] = await Promise.all([start(), scratchDir()]);
  });
  afterAll(async () => {
    await prism?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  for (const runner of runners) {
    it(`${runner.label}: every sample gets a 2xx from Prism`, async (ctx) => {
      needTool(ctx, runner.tool);
      const spec = sampled();
      for (const operationId of spec.samples.keys()) {
        const text = against(prism.url, source(spec, operationId, runner.label));
        const { status, run } = await runner.run(text, scratch);
        const report = `${operationId} (${runner.label}) got ${status}:\n${text}\n${run.stdout}\n${run.stderr}`;
        expect(status, report).toBeGreaterThanOrEqual(200);
        expect(status, report).toBeLessThan(300);
      }
    });
  }

  it("curl: the same sample without credentials gets Prism's 401 (so the runs above can fail)", async (ctx) => {
    needTool(ctx, curl);
    const spec = sampled();
    const [operationId] = spec.samples.keys();
    const text = against(prism.url, source(spec, operationId!, "curl")).replace(/-u "[^"]*"/, "");
    const { status } = await runners[0]!.run(text, scratch);
    expect(status).toBe(401);
  });
});

/**
 * Prism does not check query parameters named `name[]` (it looks them up
 * percent-encoded), so what the samples put on the wire is checked here,
 * against a loopback server that records each request.
 */
describe("shell and PHP samples on the wire", () => {
  const received: { method: string; url: string; authorization: string; contentType: string; body: string }[] = [];
  let server: Server;
  let url: string;
  let scratch: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        received.push({
          method: req.method ?? "",
          url: req.url ?? "",
          authorization: req.headers.authorization ?? "",
          contentType: req.headers["content-type"] ?? "",
          body,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    scratch = await scratchDir();
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  for (const runner of runners) {
    it(`${runner.label}: name[] arrays, JSON bodies and credentials arrive as the spec documents`, async (ctx) => {
      needTool(ctx, runner.tool);
      const basic = `Basic ${Buffer.from("api_user:api_pass").toString("base64")}`;

      received.length = 0;
      await runner.run(against(url, source(synthetic, "getThingReport", runner.label)), scratch);
      const report = received[0];
      expect(report?.method).toBe("GET");
      expect(report?.authorization).toBe(basic);
      const query = new URL(report?.url ?? "/", url);
      expect(query.pathname).toBe("/things/reports/summary");
      expect([...query.searchParams]).toEqual([
        ["user_logins[]", "jankowalski"],
        ["user_logins[]", "anowak"],
        ["queue_ids[]", "1"],
        ["queue_ids[]", "3"],
        ["date_from", "2019-11-01 11:12:00"],
      ]);

      received.length = 0;
      await runner.run(against(url, source(synthetic, "sendThingMessage", runner.label)), scratch);
      const message = received[0];
      expect(message?.method).toBe("POST");
      expect(message?.url).toBe("/things/6ed7c941-2c8a-411e-95d2-338a9f64800a/message");
      expect(message?.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(message?.body ?? "")).toEqual({ text: `It's "quoted" & $HOME`, tags: ["a", "b"], urgent: true });
    });
  }
});
