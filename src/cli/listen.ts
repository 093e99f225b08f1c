/**
 * `thulium-chat webhooks listen`: a local receiver for developers who point a
 * tunnel at their machine. It serves createChatWebhookHandler's node form:
 * each valid event is one JSON line on stdout, each rejected request one
 * line on stderr. Ctrl-C stops it (exit 130).
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { printableLine } from "../text/printable-line.js";
import { createChatWebhookHandler, DEFAULT_BODY_TIMEOUT_MS } from "../webhooks/handler.js";
import { parseFlags } from "./args.js";
import { readSecret, wholeNumber } from "./connection.js";
import { EXIT, UsageError } from "./failure.js";
import type { LocalCommandRow } from "./help.js";
import { SIGNAL_EXIT, type Signal } from "./interrupt.js";
import { jsonText } from "./output.js";

const PROGRAM = "thulium-chat";

export const listenCommand = {
  name: "webhooks listen",
  usage: "webhooks listen --port <n> [--host 127.0.0.1] [--auth-user <login> --auth-password-stdin]",
  summary: "Receive Thulium's chat webhooks here: one JSON line per event on stdout",
} as const satisfies LocalCommandRow & { name: string };

export interface ListenIO {
  readonly stdin: Readable;
  readonly stdout: { write(text: string): boolean; once(event: "drain", listener: () => void): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** The deadline for a request's body; default the handler's, DEFAULT_BODY_TIMEOUT_MS. Tests shorten it. */
  readonly bodyTimeoutMs?: number;
}

const options = {
  port: { type: "string" },
  host: { type: "string", default: "127.0.0.1" },
  "auth-user": { type: "string" },
  "auth-password-stdin": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function listenHelp(): string {
  return [
    `Usage: ${PROGRAM} ${listenCommand.usage}`,
    "",
    `${listenCommand.summary}.`,
    `Each request that is not a valid chat webhook, or whose body takes over ${DEFAULT_BODY_TIMEOUT_MS / 1000} s to arrive (408), is answered 4xx`,
    "and told on stderr, one line each;",
    "an event of another Thulium section (an action that is not a chat webhook's) is answered 200 and told on stderr.",
    "Point a tunnel at it and subscribe the tunnel's URL: thulium-chat webhooks subscribe --url URL --action CHAT_CONVERSATION_CREATED …",
    "",
    "Options:",
    "  --port <n>               Required. The port to listen on; 0 picks a free one (stderr names it).",
    "  --host <address>         The address to listen on (default 127.0.0.1, this machine only).",
    "  --auth-user <login>      With --auth-password-stdin: the Basic credentials the subscription has",
    "                           (http_auth_user); requests without them get 401.",
    "  --auth-password-stdin    Read the subscription's http_auth_password from stdin, one line.",
    "",
    "Ctrl-C stops it (exit code 130). It calls no Thulium API: no connection settings are needed.",
    "",
  ].join("\n");
}

export async function runListen(argv: readonly string[], io: ListenIO): Promise<number> {
  for (const arg of argv) {
    if (arg === "--") break;
    if (arg === "--auth-password" || arg.startsWith("--auth-password=")) {
      throw new UsageError(
        "webhooks listen: refusing a password on the command line: it would be kept in shell history and visible in ps; pipe it in with --auth-password-stdin",
      );
    }
  }
  let values: { port?: string; host: string; "auth-user"?: string; "auth-password-stdin"?: boolean; help?: boolean };
  ({ values } = parseFlags<typeof values>("webhooks listen", argv, options, false));
  if (values.help) {
    io.stdout.write(listenHelp());
    return EXIT.ok;
  }
  if (values.port === undefined) throw new UsageError("webhooks listen: --port is required (0 picks a free port)");
  const port = wholeNumber(values.port, "--port");
  if (port > 65535) throw new UsageError(`--port must be from 0 to 65535, got ${port}`);
  const user = values["auth-user"];
  if ((user === undefined) !== (values["auth-password-stdin"] !== true)) {
    throw new UsageError(
      "webhooks listen: give --auth-user and --auth-password-stdin together (the subscription's http_auth_user and http_auth_password), or neither",
    );
  }
  const password = user === undefined ? undefined : await readSecret(io.stdin, "--auth-password-stdin");

  const { stdout, stderr } = io;
  const handler = createChatWebhookHandler({
    ...(user === undefined ? {} : { username: user, password }),
    ...(io.bodyTimeoutMs === undefined ? {} : { bodyTimeoutMs: io.bodyTimeoutMs }),
    async onEvent(event) {
      if (!stdout.write(`${jsonText(event)}\n`)) await new Promise((resolve) => stdout.once("drain", () => resolve(undefined)));
    },
    // Another Thulium section's event on this URL: answered 200 (Thulium would retry a 4xx), told on stderr, not printed.
    onUnknownAction: (delivery) =>
      stderr.write(`${PROGRAM}: answered 200 to an event with action ${JSON.stringify(delivery.action)}, which is not a chat webhook; not printed\n`),
    onError: (err) => stderr.write(`${PROGRAM}: could not print an event: ${printableLine(String(err))}\n`),
  });

  /** Serves one request, then tells stderr if it was refused. */
  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    let status = 0;
    let body = "";
    await handler.node(req, {
      writeHead: (code, headers) => {
        status = code;
        return res.writeHead(code, headers);
      },
      end: (text) => {
        body = text;
        return res.end(text);
      },
    });
    if (status === 200) return;
    const what = `${printableLine(req.method ?? "")} ${printableLine(pathOf(req.url))}`;
    stderr.write(`${PROGRAM}: ${what}: ${status === 0 ? "the client left before sending the whole body" : `${status} ${printableLine(body)}`}\n`);
  };

  // Loaded here, not at the top: importing node:http also loads Node's fetch (undici), about 20 ms of
  // every `thulium-chat` start, --help included.
  const { createServer } = await import("node:http");
  const server = createServer((req, res) => void receive(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, values.host, () => resolve());
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`webhooks listen: port ${port} is in use on ${values.host}; pass another --port (0 picks a free one)`);
    throw new UsageError(`webhooks listen: cannot listen on ${values.host}:${port}: ${code ?? printableLine(String(err))}`);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  stderr.write(
    `${PROGRAM}: listening on http://${host}:${address.port}/ for Thulium's chat webhooks, ${user === undefined ? "without auth (any sender is accepted)" : `with Basic auth as ${printableLine(user)}`}; Ctrl-C stops\n`,
  );

  if (!io.signal.aborted) await once(io.signal, "abort");
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  stderr.write(`${PROGRAM}: stopped\n`);
  // 129 for a closed terminal (SIGHUP), 143 for SIGTERM, 130 for Ctrl-C, as the shell would say.
  return SIGNAL_EXIT[io.signal.reason as Signal] ?? EXIT.interrupted;
}

/** The path of a request target, without its query (which may carry a token). */
function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://receiver").pathname;
  } catch {
    return "(bad request target)";
  }
}
