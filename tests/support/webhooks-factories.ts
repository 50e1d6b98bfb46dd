import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { WebhookEventType } from "~/domain/webhooks/webhook-events";
import { createWebhookEndpoint } from "~/domain/webhooks/webhook-endpoints.server";
import { createSafeHttpClient, type SafeHttpClientOptions } from "~/lib/net/safe-http-client.server";

/** Test data and a real receiver for webhooks. */

/** A client allowed on loopback (the receivers of the tests), with short timeouts. */
export function loopbackClient(options: SafeHttpClientOptions = {}) {
  return createSafeHttpClient({ allowPrivateNetworks: true, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, ...options });
}

export type ReceivedWebhook = {
  path: string;
  webhookId: string;
  timestamp: string;
  signature: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed by `Webhook#verify`, or null when verification failed. */
  verified: { type: string; timestamp: string; actor: { kind: string; id: string | null }; data: Record<string, unknown> } | null;
  verifyError: string | null;
};

type Responder = (request: ReceivedWebhook) => { status: number; body?: string; headers?: Record<string, string> } | Promise<{ status: number; body?: string; headers?: Record<string, string> }>;

/**
 * A webhook receiver on 127.0.0.1: each path has its secret (`expect`), every request is verified
 * with the standardwebhooks library, and recorded. Answers 200 unless told otherwise.
 */
export async function startWebhookReceiver() {
  const secrets = new Map<string, string>();
  const received: ReceivedWebhook[] = [];
  let responder: Responder = () => ({ status: 200, body: "ok" });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = request.url ?? "/";
      const headers = request.headers;
      const entry: ReceivedWebhook = {
        path,
        webhookId: String(headers["webhook-id"] ?? ""),
        timestamp: String(headers["webhook-timestamp"] ?? ""),
        signature: String(headers["webhook-signature"] ?? ""),
        headers,
        body,
        verified: null,
        verifyError: null,
      };
      const secret = secrets.get(path);
      try {
        if (!secret) throw new Error(`no secret for ${path}`);
        entry.verified = new Webhook(secret).verify(body, headers as Record<string, string>) as ReceivedWebhook["verified"];
      } catch (error) {
        entry.verifyError = error instanceof Error ? error.message : String(error);
      }
      received.push(entry);
      const answer = await responder(entry);
      response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      response.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    /** Which secret signs requests to this path. */
    expect(path: string, secret: string) {
      secrets.set(path, secret);
    },
    respond(next: Responder) {
      responder = next;
    },
    on(path: string) {
      return received.filter((entry) => entry.path === path);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** An endpoint created through the domain (audit, sealed secret), its receiver path expecting its secret. */
export async function anEndpoint(
  receiver: WebhookReceiver,
  path: string,
  events: readonly WebhookEventType[],
  options: { description?: string; active?: boolean; actorId?: string | null } = {},
) {
  const client = loopbackClient();
  try {
    const created = await createWebhookEndpoint(
      { form: { url: receiver.url(path), description: options.description ?? path, events: [...events], active: options.active ?? true }, actorId: options.actorId ?? null },
      { client },
    );
    receiver.expect(path, created.secret);
    return created;
  } finally {
    client.close();
  }
}
