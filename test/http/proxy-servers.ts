/**
 * What the proxy tests send through, all on 127.0.0.1: a test CA made at test time with openssl (on every
 * Debian machine, CI's included), a fake Thulium over HTTPS with a certificate from that CA, and a forward
 * proxy that counts each CONNECT. The proxy is the `proxy` package (TooTallNate/proxy-agents, the proxy
 * undici's own tests run against): CONNECT tunnels, plain forwarding and a hook for Proxy-Authorization.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProxy } from "proxy";

export interface TestCa {
  /** The CA certificate's file: what NODE_EXTRA_CA_CERTS names. */
  caFile: string;
  /** The server's key and certificate (for 127.0.0.1 and localhost), signed by the CA. */
  key: string;
  cert: string;
  remove(): void;
}

/** A CA and a server certificate signed by it, valid for a day; EC keys, which openssl makes at once. */
export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), "thulium-test-ca-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=thulium-chat-client test CA");
  openssl("req", "-new", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
  const sign = ["-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-extfile", "server.ext"];
  openssl("x509", "-req", "-in", "server.csr", ...sign, "-out", "server.pem");
  return {
    caFile: file("ca.pem"),
    key: readFileSync(file("server.key"), "utf8"),
    cert: readFileSync(file("server.pem"), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface FakeThulium {
  /** The client's baseUrl: `https://127.0.0.1:<port>/api`. */
  url: string;
  /** `host:port`, as a CONNECT names it. */
  host: string;
  /** The path of every request received. */
  requests: string[];
  /** The headers of every request received. */
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Thulium over HTTPS, answering every request as listChatQueues is answered: an empty list. */
export async function startFakeThulium(ca: TestCa): Promise<FakeThulium> {
  const requests: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const server = createHttpsServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    requests.push(req.url ?? "");
    headers.push(req.headers);
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "2" });
    res.end("[]");
  });
  const port = await listen(server);
  return { url: `https://127.0.0.1:${port}/api`, host: `127.0.0.1:${port}`, requests, headers, close: () => close(server) };
}

export interface TestProxy {
  /** `http://[userinfo@]127.0.0.1:<port>`; `userinfo` as written in a proxy variable, percent-encoded. */
  url(userinfo?: string): string;
  /** `127.0.0.1:<port>`: what the CLI names. */
  host: string;
  /** The target of every CONNECT received, allowed or not. */
  connects: string[];
  /** The URL of every request forwarded without a tunnel (to an http:// target), allowed or not. */
  forwarded: string[];
  /** The credentials of every Proxy-Authorization received, decoded: `user:password`. */
  credentials: string[];
  close(): Promise<void>;
}

/** A forward proxy; given `credentials` (`user:password`), it answers 407 to any other. */
export async function startTestProxy(credentials?: string): Promise<TestProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const seen: string[] = [];
  const proxy = createProxy(createHttpServer());
  proxy.on("connect", (req) => connects.push(req.url ?? ""));
  proxy.on("request", (req) => forwarded.push(req.url ?? ""));
  proxy.authenticate = (req) => {
    const header = req.headers["proxy-authorization"] ?? "";
    const given = /^Basic (.*)$/.exec(header)?.[1];
    if (given !== undefined) seen.push(Buffer.from(given, "base64").toString("utf8"));
    return credentials === undefined || given === Buffer.from(credentials).toString("base64");
  };
  const port = await listen(proxy);
  return {
    url: (userinfo) => `http://${userinfo ? `${userinfo}@` : ""}127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    connects,
    forwarded,
    credentials: seen,
    close: () => close(proxy),
  };
}

/** A port on 127.0.0.1 where nothing listens: one just freed. */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  const port = await listen(server);
  await close(server);
  return port;
}

const sockets = new WeakMap<Server, Set<Socket>>();

async function listen(server: Server): Promise<number> {
  const open = new Set<Socket>();
  sockets.set(server, open);
  // Tunnels and keep-alive connections would hold close() open: they are cut.
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  for (const socket of sockets.get(server) ?? []) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
