/**
 * A server whose certificate fails verification: the call fails at once,
 * naming the certificate problem, and is never retried (no certificate turns
 * valid a second later). TLS handshakes are counted on the server's side.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createThuliumClient, ThuliumConnectionError } from "../../src/index.js";
import { failure } from "../expect-failure.js";

let server: Server;
let url: string;
/** TCP connections accepted, each one TLS handshake begun. */
let handshakes = 0;
let requests = 0;

beforeAll(async () => {
  // A throw-away self-signed certificate for 127.0.0.1, made here: no key is kept in the repository.
  const dir = mkdtempSync(join(tmpdir(), "thulium-tls-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        key,
        "-out",
        cert,
      ]),
      { stdio: "ignore" },
    );
    server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
      requests++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"count":0,"result":[]}');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  server.on("connection", () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it("fails a self-signed certificate after one TLS handshake, naming the problem, for an operation safe to repeat", async () => {
  handshakes = 0;
  const err = await failure(createThuliumClient({ baseUrl: url, username: "api_user", password: "pw", maxRetries: 2 }).listChats());
  expect(err).toBeInstanceOf(ThuliumConnectionError);
  // Node 24 adds its own hint to the runtime's message ("; if the root CA is installed locally, try running
  // Node.js with --use-system-ca"), passed on as it is.
  expect(err.message).toMatch(/^listChats could not reach Thulium: DEPTH_ZERO_SELF_SIGNED_CERT self[- ]signed certificate(; [^\n]+)? \(attempt 1\)$/);
  expect(err.attempts).toBe(1);
  expect(handshakes).toBe(1);
  expect(requests).toBe(0);
});
