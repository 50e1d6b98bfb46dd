import imaps from "imap-simple";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollMailbox } from "~/domain/channels/email/mailbox-poll.server";
import { createMailbox, syncEnvironmentMailbox, testMailboxConnection } from "~/domain/channels/email/mailboxes.server";
import { deliverDueEmails } from "~/domain/channels/email/outbox-delivery.server";
import { addAgentMessage } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { readStoredFile } from "~/lib/files.server";
import { openImapSession } from "~/lib/imap/imap-client.server";
import { createSmtpTransport, type MailTransport } from "~/lib/mail/transport.server";
import { startImapPoller } from "../../server/workers/imap-poller.ts";
import { startDovecot, type DovecotServer } from "../support/dovecot.ts";
import { aUser } from "../support/factories.ts";
import { mailFixture, useMailSettings, withCrlf } from "../support/email-factories.ts";
import { appendRaw } from "../support/imap-append.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";

const SUPPORT = { user: "support@example.test", password: "secret" };
const OTHER = { user: "ventes@example.test", password: "autre-secret" };
const ACCUEIL = { user: "accueil@example.test", password: "accueil" };
let dovecot: DovecotServer;
let sink: SmtpSink;
let transport: MailTransport;
let admin: { id: string };

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot({ users: [SUPPORT, OTHER, ACCUEIL] }), startSmtpSink()]);
  transport = createSmtpTransport(sink.url);
  useMailSettings({ MAIL_FROM: "Support <support@example.test>" });
  admin = await aUser({ role: "admin" });
});

afterAll(async () => {
  transport?.close();
  await Promise.all([dovecot?.stop(), sink?.stop()]);
});

async function aMailbox(account: { user: string; password: string }, overrides: Partial<{ afterProcessing: "leave" | "seen" | "move"; moveToFolder: string }> = {}) {
  return createMailbox({
    name: `Boîte ${account.user} ${Date.now()}`,
    host: dovecot.host,
    port: dovecot.port,
    tls: false,
    username: account.user,
    password: account.password,
    folder: "INBOX",
    defaultGroupId: "",
    afterProcessing: overrides.afterProcessing ?? "leave",
    moveToFolder: overrides.moveToFolder ?? "",
    pollSeconds: 60,
    active: true,
    actorId: admin.id,
  });
}

/** The flags and folders as the IMAP server sees them (a person's mail client). */
async function serverView(account: { user: string; password: string }, folder = "INBOX") {
  const connection = await imaps.connect({ imap: { user: account.user, password: account.password, host: dovecot.host, port: dovecot.port, tls: false, authTimeout: 10_000 } });
  connection.on("error", () => {});
  try {
    await connection.openBox(folder);
    const messages = await connection.search(["ALL"], { bodies: ["HEADER.FIELDS (SUBJECT)"], markSeen: false });
    return messages.map((message) => ({ uid: message.attributes.uid as number, flags: message.attributes.flags as string[] }));
  } finally {
    connection.end();
  }
}

describe("IMAP polling against a real Dovecot", () => {
  it("fetches every new UID whatever its \\Seen flag, stores the exact bytes, leaves flags alone, and moves the cursor", async () => {
    const mailbox = await aMailbox(SUPPORT);
    const latin1 = withCrlf(mailFixture("iso-8859-1-french.eml"));
    await appendRaw(dovecot, SUPPORT, latin1);
    // Someone already read this one in their mail client: it must still be fetched.
    await appendRaw(dovecot, SUPPORT, withCrlf(mailFixture("utf8-french.eml")), { flags: ["\\Seen"] });
    await appendRaw(dovecot, SUPPORT, withCrlf(mailFixture("related-inline-images.eml")));

    const first = await pollMailbox(mailbox.id);
    expect(first).toMatchObject({ stored: 3, alreadyStored: 0, error: null, processed: { processed: 3, failed: 0 } });
    const rows = await db().inboundEmail.findMany({ where: { mailboxId: mailbox.id }, orderBy: { uid: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["processed", "processed", "processed"]);
    expect(rows.map((row) => row.subject)).toEqual([
      "Accès impossible à l'extranet depuis la mise à jour",
      "Caisse enregistreuse qui ne démarre plus à 8h – urgent",
      "Capture de l'erreur sur le terminal",
    ]);
    expect((await readStoredFile(rows[0].rawSha256)).equals(latin1)).toBe(true);
    const stored = await db().mailbox.findUniqueOrThrow({ where: { id: mailbox.id } });
    expect(stored.lastUid).toBe(rows[2].uid);
    expect(stored.uidValidity).not.toBeNull();

    // "leave": the server's flags are exactly what the person left.
    const flags = (await serverView(SUPPORT)).map((message) => message.flags.includes("\\Seen"));
    expect(flags).toEqual([false, true, false]);

    // Next round: only what is new.
    await appendRaw(dovecot, SUPPORT, withCrlf(mailFixture("multipart-alternative.eml")));
    expect(await pollMailbox(mailbox.id)).toMatchObject({ stored: 1, alreadyStored: 0 });
    expect(await pollMailbox(mailbox.id)).toMatchObject({ stored: 0, alreadyStored: 0 });
    expect(await db().inboundEmail.count({ where: { mailboxId: mailbox.id } })).toBe(4);
  });

  it("after a UIDVALIDITY change, fetches the folder again without making a single duplicate ticket", async () => {
    const mailbox = await db().mailbox.findFirstOrThrow({ where: { username: SUPPORT.user }, orderBy: { createdAt: "desc" } });
    const ticketsBefore = await db().ticket.count();
    // What the server does when a folder is rebuilt: every UID we stored belongs to the old UIDVALIDITY.
    await db().inboundEmail.updateMany({ where: { mailboxId: mailbox.id }, data: { uidValidity: 1n } });
    await db().mailbox.update({ where: { id: mailbox.id }, data: { uidValidity: 1n } });
    const result = await pollMailbox(mailbox.id);
    expect(result).toMatchObject({ uidValidityChanged: true, stored: 4, processed: { processed: 0, ignored: 4 } });
    expect(await db().ticket.count()).toBe(ticketsBefore);
    const again = await db().inboundEmail.findMany({ where: { mailboxId: mailbox.id, status: "ignored" }, select: { classification: true } });
    expect(again.map((row) => row.classification)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate"]);
  });

  it("marks processed mail seen, or moves it, when the mailbox asks", async () => {
    await dovecot.createFolder(OTHER.user, OTHER.password, "Traites");
    const seen = await aMailbox(OTHER, { afterProcessing: "seen" });
    await appendRaw(dovecot, OTHER, withCrlf(mailFixture("windows-1252-french.eml")));
    expect(await pollMailbox(seen.id)).toMatchObject({ stored: 1, afterProcessing: 1 });
    expect((await serverView(OTHER)).map((message) => message.flags.includes("\\Seen"))).toEqual([true]);
    await db().mailbox.update({ where: { id: seen.id }, data: { active: false } });

    const moving = await aMailbox(OTHER, { afterProcessing: "move", moveToFolder: "Traites" });
    await appendRaw(dovecot, OTHER, withCrlf(mailFixture("no-message-id.eml")));
    const result = await pollMailbox(moving.id);
    // The new mailbox starts from UID 1: the first mail is a duplicate of the one already processed.
    expect(result).toMatchObject({ stored: 2, processed: { processed: 1, ignored: 1 }, afterProcessing: 2 });
    expect(await serverView(OTHER)).toEqual([]);
    expect(await serverView(OTHER, "Traites")).toHaveLength(2);
  });

  it("records the server's refusal and reports it in the connection test", async () => {
    const wrong = await createMailbox({
      name: "Mauvais mot de passe",
      host: dovecot.host,
      port: dovecot.port,
      tls: false,
      username: SUPPORT.user,
      password: "pas-le-bon",
      folder: "INBOX",
      defaultGroupId: "",
      afterProcessing: "leave",
      moveToFolder: "",
      pollSeconds: 60,
      active: true,
      actorId: admin.id,
    });
    const result = await pollMailbox(wrong.id);
    expect(result.error).toMatch(/authenticat/i);
    expect((await db().mailbox.findUniqueOrThrow({ where: { id: wrong.id } })).lastError).toMatch(/authenticat/i);
    const test = await testMailboxConnection({ mailboxId: wrong.id });
    expect(test).toMatchObject({ ok: false });
    expect((test as { error: string }).error).toMatch(/authenticat/i);
    expect(await testMailboxConnection({ form: { host: dovecot.host, port: dovecot.port, tls: false, username: SUPPORT.user, password: SUPPORT.password, folder: "INBOX" } })).toMatchObject({ ok: true });
    expect(await testMailboxConnection({ form: { host: dovecot.host, port: dovecot.port, tls: false, username: SUPPORT.user, password: SUPPORT.password, folder: "Absent" } })).toMatchObject({ ok: false });
    await db().mailbox.update({ where: { id: wrong.id }, data: { active: false } });
    // The password is sealed at rest.
    const row = await db().mailbox.findUniqueOrThrow({ where: { id: wrong.id } });
    expect(row.passwordEncrypted).not.toContain("pas-le-bon");
    expect(row.passwordEncrypted).toMatch(/^v1\./);
  });

  it("reads raw bytes through our IMAP module exactly as the server stores them", async () => {
    const session = await openImapSession({ host: dovecot.host, port: dovecot.port, tls: false, username: SUPPORT.user, password: SUPPORT.password });
    try {
      const folder = await session.openFolder("INBOX");
      expect(folder.messageCount).toBe(4);
      const uids = await session.uidsAfter(0);
      expect(await session.uidsAfter(uids[uids.length - 1])).toEqual([]);
      const raw = await session.fetchRaw([uids[0]]);
      expect(raw.get(uids[0])!.equals(withCrlf(mailFixture("iso-8859-1-french.eml")))).toBe(true);
    } finally {
      await session.close();
    }
  });
});

describe("the whole loop: IMAP in, SMTP out, reply back in", () => {
  it("mail → ticket + acknowledgement; agent reply → threaded mail; customer reply → same ticket", async () => {
    const account = ACCUEIL;
    const reset = useMailSettings({ IMAP_HOST: dovecot.host, IMAP_PORT: String(dovecot.port), IMAP_TLS: "false", IMAP_USER: account.user, IMAP_PASSWORD: account.password, IMAP_POLL_SECONDS: "1" });
    try {
      await db().mailbox.updateMany({ data: { active: false } });
      const envMailbox = await syncEnvironmentMailbox();
      expect(envMailbox).not.toBeNull();
      await appendRaw(dovecot, account, withCrlf(Buffer.from(mailFixture("utf8-french.eml").toString("latin1").replace("CAF3x9Yv8+utf8.francais", "loop-1"), "latin1")));
      const poller = startImapPoller({ tickMs: 200 });
      let inbound = null;
      for (let i = 0; i < 100 && !inbound; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        inbound = await db().inboundEmail.findFirst({ where: { mailboxId: envMailbox!, status: "processed" } });
      }
      expect(inbound?.ticketId).toBeTruthy();
      const ticketId = inbound!.ticketId!;
      sink.clear();
      await deliverDueEmails(transport);
      const ack = await sink.waitForMessage((mail) => mail.parsed.inReplyTo === "<loop-1@boulangerie-rousseau.fr>");
      expect(ack.envelope.to).toEqual(["helene.rousseau@boulangerie-rousseau.fr"]);
      expect(ack.parsed.headers.get("auto-submitted")).toBe("auto-replied");

      const agent = await aUser({ name: "Julien Moreau" });
      await addAgentMessage({ ticketId, agentId: agent.id, visibility: "public", bodyText: "Nous passons demain à 9 h." });
      await deliverDueEmails(transport);
      const reply = await sink.waitForMessage((mail) => mail.parsed.subject?.startsWith("Re: ") === true && mail.parsed.text?.includes("demain à 9 h") === true);
      const ticket = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
      expect(reply.parsed.subject).toBe(`Re: Caisse enregistreuse qui ne démarre plus à 8h – urgent [#${ticket.number}]`);
      expect(reply.parsed.inReplyTo).toBe("<loop-1@boulangerie-rousseau.fr>");
      expect([reply.parsed.references].flat()).toEqual(["<loop-1@boulangerie-rousseau.fr>", ack.parsed.messageId]);

      // The customer answers from Outlook, quoting our reply.
      await appendRaw(
        dovecot,
        account,
        withCrlf(mailFixture("outlook-reply.eml", { OUR_MESSAGE_ID: reply.parsed.messageId!, TICKET_NUMBER: ticket.number, SUBJECT: "Caisse" })),
      );
      let followUp = null;
      for (let i = 0; i < 100 && !followUp; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        followUp = await db().inboundEmail.findFirst({ where: { mailboxId: envMailbox!, status: "processed", classification: "follow_up:signed_message_id" } });
      }
      await poller.stop();
      expect(followUp?.ticketId).toBe(ticketId);
      expect(await db().message.count({ where: { ticketId } })).toBe(3);
    } finally {
      reset();
    }
  }, 60_000);
});
