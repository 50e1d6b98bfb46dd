import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeInboundEmail } from "~/domain/channels/email/inbound-store.server";
import { processInboundEmail } from "~/domain/channels/email/process-inbound.server";
import { syncEnvironmentMailbox } from "~/domain/channels/email/mailboxes.server";
import { addAgentMessage } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { fileStorePath } from "~/lib/files.server";
import { startDovecot, type DovecotServer } from "../support/dovecot.ts";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { mailFixture, useMailSettings } from "../support/email-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

const ACCOUNT = { user: "support@example.test", password: "secret" };
let app: TestApp;
let dovecot: DovecotServer;
let admin: Awaited<ReturnType<typeof aUser>>;
let session: HttpSession;
let mailboxId: string;

beforeAll(async () => {
  process.env.LOGIN_ATTEMPTS_PER_15_MIN = "1000";
  useMailSettings({ MAIL_FROM: "Support Exemple <support@example.test>", SMTP_URL: undefined });
  dovecot = await startDovecot({ users: [ACCOUNT] });
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  app = await startTestApp();
  session = new HttpSession(app.url);
  expect((await session.signIn(admin.email, TEST_PASSWORD)).status).toBe(302);
  mailboxId = (await db().mailbox.create({ data: { name: "Réception", host: "imap.example.test", port: 993, username: "r@example.test", passwordEncrypted: "", uidValidity: 1n, active: false } })).id;
});

afterAll(async () => {
  await app?.close();
  await dovecot?.stop();
});

let uid = 0;
async function receive(raw: Buffer) {
  uid += 1;
  const { inboundEmailId } = await storeInboundEmail({ mailboxId, uidValidity: 1n, uid, raw });
  await processInboundEmail(inboundEmailId);
  return db().inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
}

describe("Administration → Boîtes mail", () => {
  it("refuses a wrong form field by field, keeps what was typed (not the password), and stores the password sealed", async () => {
    await session.get("/admin/boites-mail/nouvelle");
    const invalid = await session.postForm("/admin/boites-mail/nouvelle", {
      intent: "save",
      name: "Support",
      host: "imap exemple",
      port: "99999",
      tls: "on",
      username: "",
      password: "s3cret-imap",
      folder: "INBOX",
      defaultGroupId: "",
      afterProcessing: "move",
      moveToFolder: "",
      pollSeconds: "5",
      active: "on",
    });
    expect(invalid.status).toBe(400);
    const page = await invalid.text();
    expect(page).toContain("Saisissez un nom de serveur");
    expect(page).toContain("Saisissez un port entre 1 et 65535");
    expect(page).toContain("Indiquez le dossier où déplacer les messages traités.");
    expect(page).toContain("Saisissez un intervalle entre 10 et 86 400 secondes.");
    expect(page).toContain('value="imap exemple"');
    expect(page).not.toContain("s3cret-imap");

    const group = await aGroup("Support mail");
    const created = await session.postForm("/admin/boites-mail/nouvelle", {
      intent: "save",
      name: "Support Dovecot",
      host: dovecot.host,
      port: String(dovecot.port),
      username: ACCOUNT.user,
      password: ACCOUNT.password,
      folder: "INBOX",
      defaultGroupId: group.id,
      afterProcessing: "seen",
      moveToFolder: "",
      pollSeconds: "60",
      active: "on",
    });
    expect(created.status).toBe(302);
    const row = await db().mailbox.findFirstOrThrow({ where: { name: "Support Dovecot" } });
    expect(row).toMatchObject({ tls: false, defaultGroupId: group.id, afterProcessing: "seen", active: true });
    expect(row.passwordEncrypted).not.toContain(ACCOUNT.password);
    expect(await db().auditLog.count({ where: { action: "mailbox.created", entityId: row.id } })).toBe(1);

    const list = await (await session.get("/admin/boites-mail")).text();
    expect(list).toContain("Support Dovecot");
    expect(list).toContain("Aucun serveur d&#x27;envoi");
  });

  it("tests the connection and reports the server's answer", async () => {
    const row = await db().mailbox.findFirstOrThrow({ where: { name: "Support Dovecot" } });
    const path = `/admin/boites-mail/${row.id}`;
    await session.get(path);
    const fields = { name: "Support Dovecot", host: dovecot.host, port: String(dovecot.port), username: ACCOUNT.user, folder: "INBOX", defaultGroupId: "", afterProcessing: "leave", moveToFolder: "", pollSeconds: "60", active: "on" };
    const ok = await session.postForm(path, { ...fields, intent: "test", password: "" });
    expect(await ok.text()).toContain("Connexion réussie : dossier « INBOX »");
    const refused = await session.postForm(path, { ...fields, intent: "test", password: "mauvais" });
    const text = await refused.text();
    expect(text).toContain("Connexion impossible. Réponse du serveur :");
    expect(text).toMatch(/authenticat/i);
    // Testing never saves.
    expect((await db().mailbox.findUniqueOrThrow({ where: { id: row.id } })).afterProcessing).toBe("seen");
  });

  it("shows the IMAP_* mailbox read-only", async () => {
    const restore = useMailSettings({ IMAP_HOST: "imap.env.example.test", IMAP_USER: "env@example.test", IMAP_PASSWORD: "env-secret", IMAP_TLS: "true" });
    try {
      const id = await syncEnvironmentMailbox();
      const page = await (await session.get(`/admin/boites-mail/${id}`)).text();
      expect(page).toContain("Cette boîte est définie par IMAP_HOST");
      expect(page).toContain("imap.env.example.test:993");
      expect(page).not.toContain('name="host"');
      expect(page).not.toContain("env-secret");
      const refused = await session.postForm(`/admin/boites-mail/${id}`, { intent: "save", name: "x", host: "h", port: "1", username: "u", folder: "INBOX", afterProcessing: "leave", pollSeconds: "60" });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("modifiez-les sur le serveur");
      await db().mailbox.update({ where: { id: id! }, data: { active: false } });
    } finally {
      restore();
    }
  });
});

describe("Administration → Courriers entrants", () => {
  it("lists a failed mail with its error, retries it on request, and serves the original", async () => {
    const inbound = await receive(Buffer.from(`From: Paul <paul@poison.test>\nSubject: Fichier disparu\nMessage-ID: <poison-admin@poison.test>\n\nBonjour\n`));
    expect(inbound.status).toBe("processed");
    await db().inboundEmail.update({ where: { id: inbound.id }, data: { status: "failed", error: "Error: disque plein", messageId: null, attempts: 3 } });
    await db().message.deleteMany({ where: { emailMessageId: "<poison-admin@poison.test>" } });

    const list = await (await session.get("/admin/courriers-entrants")).text();
    expect(list).toContain("Fichier disparu");
    expect(list).toContain("Error: disque plein");
    expect(list).toContain("3 essai(s)");

    const retried = await session.postForm("/admin/courriers-entrants?etat=failed", { intent: "reprocess", inboundId: inbound.id });
    expect(retried.status).toBe(302);
    expect(await db().inboundEmail.findUniqueOrThrow({ where: { id: inbound.id } })).toMatchObject({ status: "processed", error: null });
    expect(await db().auditLog.count({ where: { action: "inbound_email.reprocessed", entityId: inbound.id } })).toBe(1);

    const original = await session.get(`/admin/courriers-entrants/${inbound.id}/original`);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-disposition")).toMatch(/^attachment; filename="message-.*\.eml"/);
    expect(await original.text()).toContain("Subject: Fichier disparu");
  });
});

describe("Administration → Boîte d'envoi", () => {
  it("lists queued mail when no SMTP server is configured, previews it sandboxed, and the agent sees it was not sent", async () => {
    const technician = await aUser({ role: "technician", name: "Julien Moreau" });
    const inbound = await receive(mailFixture("related-inline-images.eml"));
    await addAgentMessage({ ticketId: inbound.ticketId!, agentId: technician.id, visibility: "public", bodyText: "Bonjour,\n\nNous regardons la capture." });
    const reply = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: inbound.ticketId!, kind: "agent_reply" } });
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: inbound.ticketId! } });

    const list = await (await session.get("/admin/boite-d-envoi?etat=queued")).text();
    expect(list).toContain(`Re: Capture de l&#x27;erreur sur le terminal [#${ticket.number}]`);
    const detail = await (await session.get(`/admin/boite-d-envoi/${reply.id}`)).text();
    expect(detail).toMatch(/<iframe[^>]*sandbox=""[^>]*srcDoc=|<iframe[^>]*srcdoc=[^>]*sandbox=""/i);
    expect(detail).toContain("Nous regardons la capture.");
    expect(detail).toContain(reply.emailMessageId.replace(/</g, "&lt;").replace(/>/g, "&gt;"));

    // The agent's view: the thread shows the mail HTML sanitised, inline images from our store, and the delivery state.
    const agent = new HttpSession(app.url);
    await agent.signIn(technician.email, TEST_PASSWORD);
    const page = await (await agent.get(`/support/tickets/${ticket.number}`)).text();
    const capture = await db().attachment.findFirstOrThrow({ where: { message: { ticketId: ticket.id }, filename: "capture.png" } });
    expect(page).toContain(`src="/support/pieces-jointes/${capture.id}" data-cid="capture.png@01DB3F44"`);
    expect(page).toContain("releve.pdf");
    expect(page).toContain("Non envoyé : aucun serveur d&#x27;envoi (SMTP) n&#x27;est configuré.");
  });

  it("retries a failed mail", async () => {
    const failed = await db().outboundEmail.findFirstOrThrow({ where: { kind: "agent_reply" } });
    await db().outboundEmail.update({ where: { id: failed.id }, data: { status: "failed", lastError: "550 5.1.1 User unknown" } });
    await session.get(`/admin/boite-d-envoi/${failed.id}`);
    const retried = await session.postForm(`/admin/boite-d-envoi/${failed.id}`, {});
    expect(retried.status).toBe(302);
    expect((await db().outboundEmail.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("queued");
  });
});

describe("attachments: only to those who may see the ticket", () => {
  it("streams with safe headers, inline only for images, and answers 404 to everyone else", async () => {
    const field = await aGroup("Terrain");
    const inbound = await receive(mailFixture("hostile-attachment-names.eml"));
    await db().ticket.update({ where: { id: inbound.ticketId! }, data: { groupId: field.id } });
    const files = await db().attachment.findMany({ where: { message: { ticketId: inbound.ticketId! } } });
    const html = files.find((file) => file.filename === "été.html")!;
    const pdf = files.find((file) => file.filename.startsWith("tres-long-nom-"))!;
    const image = await db().attachment.findFirstOrThrow({ where: { filename: "capture.png" } });

    const tech = await aUser({ role: "technician" });
    const agent = new HttpSession(app.url);
    await agent.signIn(tech.email, TEST_PASSWORD);
    const download = await agent.get(`/support/pieces-jointes/${html.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="ete.html"; filename*=UTF-8''%C3%A9t%C3%A9.html`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toContain("sandbox");
    expect(await download.text()).toBe("<script>alert(1)</script>");
    expect((await agent.get(`/support/pieces-jointes/${pdf.id}`)).headers.get("content-disposition")).toMatch(/^attachment; filename="tres-long-nom-.*\.pdf"/);
    const inlineImage = await agent.get(`/support/pieces-jointes/${image.id}`);
    expect(inlineImage.headers.get("content-type")).toBe("image/png");
    expect(inlineImage.headers.get("content-disposition")).toMatch(/^inline; filename="capture.png"/);
    expect((await agent.get(`/support/pieces-jointes/${image.id}`, { "If-None-Match": `"${image.sha256}"` })).status).toBe(304);
    expect(fs.existsSync(fileStorePath(image.sha256))).toBe(true);

    const restricted = await aUser({ role: "technician", restrictToGroups: true });
    const outsider = new HttpSession(app.url);
    await outsider.signIn(restricted.email, TEST_PASSWORD);
    expect((await outsider.get(`/support/pieces-jointes/${html.id}`)).status).toBe(404);
    const marketing = await aUser({ role: "marketing" });
    const marketer = new HttpSession(app.url);
    await marketer.signIn(marketing.email, TEST_PASSWORD);
    expect((await marketer.get(`/support/pieces-jointes/${html.id}`)).status).toBe(404);
    expect((await agent.get("/support/pieces-jointes/inconnu")).status).toBe(404);
    expect((await new HttpSession(app.url).get(`/support/pieces-jointes/${html.id}`)).status).toBe(302);
  });
});
