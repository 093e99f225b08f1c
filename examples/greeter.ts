/**
 * A small service on thulium-chat-client: it subscribes its own URL to the
 * three chat webhooks (only those not subscribed yet), greets each new
 * conversation with sendChatMessage, and logs assignments and closings.
 *
 *   export THULIUM_SYSTEM=your-system-name THULIUM_USER=api_user THULIUM_PASSWORD=…
 *   export GREETER_PUBLIC_URL=https://greeter.example.org/thulium   # where Thulium can reach this service
 *   export GREETER_WEBHOOK_USER=thulium GREETER_WEBHOOK_PASSWORD=…  # the Basic auth Thulium will send
 *   node --import tsx examples/greeter.ts                            # GREETER_PORT (8080), GREETER_HOST (127.0.0.1)
 *
 * In this repository, `thulium-chat-client` resolves to src/ (tsconfig.json `paths`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import {
  type ChatWebhookAction,
  type ChatWebhookHandler,
  type ChatWebhookOf,
  createChatWebhookHandler,
  createThuliumClient,
  type ThuliumClient,
} from "thulium-chat-client";

const ACTIONS: ChatWebhookAction[] = ["CHAT_CONVERSATION_CREATED", "CHAT_AGENT_ASSIGNED", "CHAT_CONVERSATION_CLOSED"];

export interface GreeterOptions {
  thulium: Pick<ThuliumClient, "listWebhooks" | "createWebhook" | "sendChatMessage">;
  /** The URL Thulium POSTs the events to: this service, as the outside world reaches it. */
  publicUrl: string;
  /** The Basic credentials the subscription gets, and the receiver checks. */
  webhookUser: string;
  webhookPassword: string;
  log?: (line: string) => void;
}

/** Subscribes `publicUrl` to the chat actions it is not subscribed to yet; resolves to those. */
export async function subscribe({ thulium, publicUrl, webhookUser, webhookPassword }: GreeterOptions): Promise<ChatWebhookAction[]> {
  const subscribed = new Set((await thulium.listWebhooks()).filter((s) => s.subscription_url === publicUrl).flatMap((s) => s.actions));
  const missing = ACTIONS.filter((action) => !subscribed.has(action));
  if (missing.length > 0) {
    await thulium.createWebhook({ actions: missing, subscription_url: publicUrl, http_auth_user: webhookUser, http_auth_password: webhookPassword });
  }
  return missing;
}

export function greeting(event: ChatWebhookOf<"CHAT_CONVERSATION_CREATED">): string {
  return `Hello ${event.client_name.trim() || "there"}, thank you for writing! An agent will be with you shortly.`;
}

/** The webhook receiver: greets, and logs. */
export function greeter(options: GreeterOptions): ChatWebhookHandler {
  const { thulium, log = console.log } = options;
  // Whether Thulium delivers an event twice is not documented: greet each conversation once.
  const greeted = new Set<string>();
  return createChatWebhookHandler({
    username: options.webhookUser,
    password: options.webhookPassword,
    async onEvent(event) {
      switch (event.action) {
        case "CHAT_CONVERSATION_CREATED":
          if (greeted.has(event.conversation_id)) return;
          await thulium.sendChatMessage({ id: event.conversation_id, text: greeting(event) });
          greeted.add(event.conversation_id);
          log(`greeted ${event.conversation_id} (queue ${event.chat_queue_id})`);
          break;
        case "CHAT_AGENT_ASSIGNED":
          log(`assigned ${event.conversation_id} to ${event.agent_login} at ${event.date}`);
          break;
        case "CHAT_CONVERSATION_CLOSED":
          log(`closed ${event.conversation_id} at ${event.date}`);
          break;
      }
    },
    // Thulium then gets a 500; what it does about it is not documented.
    onError: (err) => log(`failed: ${err instanceof Error ? err.message : String(err)}`),
  });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`greeter: set ${name} (see the top of examples/greeter.ts)`);
  return value;
}

async function main(): Promise<void> {
  const system = process.env.THULIUM_SYSTEM;
  const thulium = createThuliumClient({
    ...(system ? { system } : { baseUrl: required("THULIUM_BASE_URL") }), // THULIUM_SYSTEM, else THULIUM_BASE_URL
    username: required("THULIUM_USER"),
    password: required("THULIUM_PASSWORD"),
  });
  const options: GreeterOptions = {
    thulium,
    publicUrl: required("GREETER_PUBLIC_URL"),
    webhookUser: required("GREETER_WEBHOOK_USER"),
    webhookPassword: required("GREETER_WEBHOOK_PASSWORD"),
  };
  const added = await subscribe(options);
  console.log(added.length > 0 ? `subscribed ${options.publicUrl} to ${added.join(", ")}` : `${options.publicUrl} is already subscribed`);

  const server = createServer(greeter(options).node);
  const port = Number(process.env.GREETER_PORT ?? 8080);
  await new Promise<void>((resolve) => server.listen(port, process.env.GREETER_HOST ?? "127.0.0.1", resolve));
  // Ready for Ctrl-C before saying it listens: whoever waits for that line may stop it at once.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.closeAllConnections();
      server.close(() => console.log("stopped"));
    });
  }
  const { address, port: bound } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${bound}/`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
