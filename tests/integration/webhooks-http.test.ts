import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { deliverDueWebhooks } from "~/domain/webhooks/webhook-delivery.server";
import { db } from "~/lib/db.server";
import type { SafeHttpClient } from "~/lib/net/safe-http-client.server";
import { openSecret } from "~/lib/secret-box.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { loopbackClient, startWebhookReceiver, type WebhookReceiver } from "../support/webhooks-factories.ts";

/** Administration › Webhooks over HTTP, through the production build: permission, forms, secret, test event, log, replay. */

let app: TestApp;
let receiver: WebhookReceiver;
let client: SafeHttpClient;
let admin: Awaited<ReturnType<typeof aUser>>;
let session: HttpSession;

/** The page's text as a reader sees it (React escapes quotes and apostrophes). */
async function textOf(response: Response): Promise<string> {
  return (await response.text()).replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

const validFields = (url: string) => ({ intent: "save", url, description: "ERP Atelier", events: ["ticket.created", "message.created"], active: "on" });

beforeAll(async () => {
  process.env.LOGIN_ATTEMPTS_PER_15_MIN = "1000";
  // The receivers of this test listen on 127.0.0.1.
  process.env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = "true";
  receiver = await startWebhookReceiver();
  client = loopbackClient();
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  app = await startTestApp();
  session = new HttpSession(app.url);
  expect((await session.signIn(admin.email, TEST_PASSWORD)).status).toBe(302);
});

afterAll(async () => {
  await app?.close();
  client?.close();
  await receiver?.close();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS;
});

describe("who may open Administration › Webhooks", () => {
  it("refuses a technician (403) and sends a stranger to the sign-in page, and their posts create nothing", async () => {
    const endpoint = await db().webhookEndpoint.create({ data: { url: "https://hooks.example.com/x", events: "[]", secretSealed: "v1.x.y.z" } });
    const technician = await aUser({ name: "Julien Technicien" });
    const other = new HttpSession(app.url);
    expect((await other.signIn(technician.email, TEST_PASSWORD)).status).toBe(302);
    await other.get("/support");
    for (const path of ["/admin/webhooks", "/admin/webhooks/nouveau", `/admin/webhooks/${endpoint.id}`]) {
      expect((await other.get(path)).status, path).toBe(403);
    }
    const post = await other.postForm("/admin/webhooks/nouveau", validFields(receiver.url("/tech")));
    expect(post.status).toBe(403);
    expect((await other.postForm(`/admin/webhooks/${endpoint.id}`, { intent: "delete" })).status).toBe(403);
    const stranger = new HttpSession(app.url);
    const anonymous = await stranger.get("/admin/webhooks");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/connexion/);
    expect(await db().webhookEndpoint.count()).toBe(1);
    await db().webhookEndpoint.delete({ where: { id: endpoint.id } });
  });
});

describe("an administrator", () => {
  let endpointId = "";
  let secret = "";

  it("sees the tab and an empty list", async () => {
    const page = await textOf(await session.get("/admin/webhooks"));
    expect(page).toContain('href="/admin/webhooks"');
    expect(page).toContain("Aucun webhook pour l'instant.");
    expect(page).toContain("Les adresses des réseaux privés");
  });

  it("gets field errors for a bad form and a refused address, and nothing is saved", async () => {
    await session.get("/admin/webhooks/nouveau");
    const invalid = await session.postForm("/admin/webhooks/nouveau", { intent: "save", url: "ftp://exemple.fr/hook", description: "Test" });
    expect(invalid.status).toBe(400);
    const page = await textOf(invalid);
    expect(page).toContain("Seules les adresses http et https sont acceptées.");
    expect(page).toContain("Choisissez au moins un événement.");
    expect(page).toContain('value="ftp://exemple.fr/hook"');

    const metadata = await session.postForm("/admin/webhooks/nouveau", validFields("http://169.254.169.254/latest/meta-data/"));
    expect(metadata.status).toBe(400);
    expect(await textOf(metadata)).toContain("adresse de lien local");
    const credentials = await session.postForm("/admin/webhooks/nouveau", validFields("https://moi:secret@exemple.fr/hook"));
    expect(await textOf(credentials)).toContain("ne doit pas contenir d'identifiant");
    expect(await db().webhookEndpoint.count()).toBe(0);
  });

  it("creates an endpoint and sees its secret once; the secret is stored sealed", async () => {
    const created = await session.postForm("/admin/webhooks/nouveau", validFields(receiver.url("/erp")));
    expect(created.status).toBe(200);
    const page = await textOf(created);
    secret = /data-testid="webhook-secret"[^>]*>(whsec_[A-Za-z0-9+/=]+)</.exec(page)?.[1] ?? "";
    expect(secret).toMatch(/^whsec_/);
    expect(page).toContain("Copiez son secret maintenant");
    const row = await db().webhookEndpoint.findFirstOrThrow({ select: { id: true, url: true, events: true, active: true, secretSealed: true, createdById: true } });
    endpointId = row.id;
    expect(row).toMatchObject({ url: receiver.url("/erp"), events: '["ticket.created","message.created"]', active: true, createdById: admin.id });
    expect(row.secretSealed).not.toContain(secret.slice(6));
    expect(openSecret(row.secretSealed)).toBe(secret);
    receiver.expect("/erp", secret);
    expect(await db().auditLog.count({ where: { action: "webhook.created", entityId: endpointId, actorId: admin.id } })).toBe(1);

    // The endpoint page never shows it again unasked.
    const endpointPage = await textOf(await session.get(`/admin/webhooks/${endpointId}`));
    expect(endpointPage).not.toContain(secret);
    const list = await textOf(await session.get("/admin/webhooks"));
    expect(list).toContain("ERP Atelier");
    expect(list).toContain("Actif");
  });

  it("edits it with the version it loaded; a stale form is refused", async () => {
    const path = `/admin/webhooks/${endpointId}`;
    await session.get(path);
    const saved = await session.postForm(path, { ...validFields(receiver.url("/erp")), description: "ERP", events: ["ticket.created", "ticket.solved", "message.created"], version: "1" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(path);
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, select: { description: true, events: true, version: true } })).toEqual({
      description: "ERP",
      events: '["ticket.created","ticket.solved","message.created"]',
      version: 2,
    });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "webhook.updated", entityId: endpointId } });
    expect(JSON.parse(audit.details)).toMatchObject({ description: { from: "ERP Atelier", to: "ERP" }, events: { to: ["ticket.created", "ticket.solved", "message.created"] } });

    const stale = await session.postForm(path, { ...validFields(receiver.url("/erp")), description: "Ancienne version", version: "1" });
    expect(stale.status).toBe(409);
    expect(await textOf(stale)).toContain("Quelqu'un a modifié cette fiche entre-temps");
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).description).toBe("ERP");

    const refused = await session.postForm(path, { ...validFields("http://[fe80::1]/hook"), version: "2" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("adresse de lien local");
  });

  it("sends a signed test event and shows the answer", async () => {
    const path = `/admin/webhooks/${endpointId}`;
    const sent = await session.postForm(path, { intent: "ping" });
    expect(sent.status).toBe(200);
    expect(await textOf(sent)).toMatch(/Événement de test livré : réponse 200 en \d+ ms\./);
    const ping = receiver.on("/erp").at(-1)!;
    expect(ping.verifyError).toBeNull();
    expect(ping.verified).toMatchObject({ type: "ping", data: { endpointId } });

    receiver.respond(() => ({ status: 418, body: "je suis une théière" }));
    const failed = await textOf(await session.postForm(path, { intent: "ping" }));
    expect(failed).toContain("Événement de test non livré : HTTP 418");
    receiver.respond(() => ({ status: 200, body: "ok" }));
  });

  it("reveals the secret only when confirmed, and rotates it", async () => {
    const path = `/admin/webhooks/${endpointId}`;
    const unconfirmed = await session.postForm(path, { intent: "reveal-secret" });
    expect(unconfirmed.status).toBe(400);
    const unconfirmedPage = await textOf(unconfirmed);
    expect(unconfirmedPage).toContain("Cochez la case pour confirmer.");
    expect(unconfirmedPage).not.toContain(secret);

    const revealed = await textOf(await session.postForm(path, { intent: "reveal-secret", confirm: "on" }));
    expect(revealed).toContain(secret);
    expect(await db().auditLog.count({ where: { action: "webhook.secret_revealed", entityId: endpointId, actorId: admin.id } })).toBe(1);

    const rotated = await textOf(await session.postForm(path, { intent: "rotate-secret", confirm: "on" }));
    const next = /data-testid="webhook-secret"[^>]*>(whsec_[A-Za-z0-9+/=]+)</.exec(rotated)?.[1] ?? "";
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    expect(rotated).toContain("L'ancien signe encore les requêtes pendant 24 h");
    expect(await textOf(await session.get(path))).toContain("L'ancien secret signe encore jusqu'au");
    expect(await db().auditLog.count({ where: { action: "webhook.secret_rotated", entityId: endpointId } })).toBe(1);
    secret = next;
    receiver.expect("/erp", secret);
  });

  it("shows the delivery log with its filters, and replays a delivery with the same webhook-id", async () => {
    const requester = await aRequester({ name: "Camille Durand" });
    await createTicket({ requesterId: requester.contactId, subject: "Imprimante en panne", channel: "email", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "E05" } });
    await app.server.events.drain();
    await deliverDueWebhooks({ client });
    const path = `/admin/webhooks/${endpointId}`;
    const delivered = await textOf(await session.get(`${path}?etat=delivered`));
    expect(delivered).toContain("Journal des livraisons");
    expect(delivered).toContain("Ticket créé");
    expect(delivered).toContain("Message ajouté");
    expect(delivered).toContain("Événement de test");
    expect(await textOf(await session.get(`${path}?etat=queued`))).toContain("Aucune livraison.");
    const failedFilter = await textOf(await session.get(`${path}?etat=failed`));
    expect(failedFilter).toContain("HTTP 418");
    expect(failedFilter).toContain("je suis une théière");

    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId, eventType: "ticket.created" } });
    const before = receiver.on("/erp").filter((request) => request.webhookId === delivery.webhookId).length;
    const replayed = await session.postForm(`${path}?etat=delivered`, { intent: "replay", deliveryId: delivery.id });
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("location")).toBe(`${path}?etat=delivered`);
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("queued");
    await deliverDueWebhooks({ client });
    const again = receiver.on("/erp").filter((request) => request.webhookId === delivery.webhookId);
    expect(again).toHaveLength(before + 1);
    expect(again.at(-1)!.body).toBe(delivery.payload);
    expect(again.at(-1)!.verifyError).toBeNull();

    // A test event is not replayed; nor is another endpoint's delivery.
    const ping = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId, eventType: "ping" } });
    expect((await session.postForm(path, { intent: "replay", deliveryId: ping.id })).status).toBe(404);
    expect((await session.postForm(path, { intent: "replay", deliveryId: "nothing" })).status).toBe(404);
  });

  it("shows a deactivated endpoint with its reason, tells admins in the bell, and reactivates it", async () => {
    const path = `/admin/webhooks/${endpointId}`;
    await db().webhookEndpoint.update({ where: { id: endpointId }, data: { active: false, disabledAt: new Date(), disabledReason: "3 deliveries failed in a row; last error: HTTP 503", consecutiveFailures: 3 } });
    await db().notification.create({ data: { userId: admin.id, kind: "webhook_disabled", data: JSON.stringify({ subject: "ERP", webhookEndpointId: endpointId, reason: "HTTP 503" }) } });
    const page = await textOf(await session.get(path));
    expect(page).toContain("Désactivé après des échecs");
    expect(page).toContain("last error: HTTP 503");
    expect(page).toContain("Réactiver le webhook");
    const bell = await textOf(await session.get("/notifications"));
    expect(bell).toContain("Un webhook a été désactivé après des échecs répétés");
    expect(bell).toContain(`href="/admin/webhooks/${endpointId}"`);

    const reactivated = await session.postForm(path, { intent: "reactivate" });
    expect(reactivated.status).toBe(302);
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({ active: true, disabledAt: null, disabledReason: "", consecutiveFailures: 0 });
    expect(await db().auditLog.count({ where: { action: "webhook.reactivated", entityId: endpointId, actorId: admin.id } })).toBe(1);
  });

  it("reads the page in English", async () => {
    const english = await aUser({ role: "admin", locale: "en" });
    const other = new HttpSession(app.url);
    await other.signIn(english.email, TEST_PASSWORD);
    const page = await textOf(await other.get(`/admin/webhooks/${endpointId}`));
    expect(page).toContain("Delivery log");
    expect(page).toContain("Send a test event");
    expect(page).toContain("Signing secret");
  });

  it("deletes the endpoint and its log", async () => {
    const deleted = await session.postForm(`/admin/webhooks/${endpointId}`, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe("/admin/webhooks");
    expect(await db().webhookEndpoint.count({ where: { id: endpointId } })).toBe(0);
    expect(await db().webhookDelivery.count({ where: { endpointId } })).toBe(0);
    expect(await db().auditLog.count({ where: { action: "webhook.deleted", entityId: endpointId, actorId: admin.id } })).toBe(1);
    expect((await session.get(`/admin/webhooks/${endpointId}`)).status).toBe(404);
  });
});
