import imaps, { type ImapSimple } from "imap-simple";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startDovecot, type DovecotServer } from "../support/dovecot.js";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { ensureSystemPackage } from "../support/system-packages.js";

const USER = "support@example.test";
const PASSWORD = "secret";
const SUBJECT = "Demande d'information — facture n°42";
const BODY = "Bonjour,\r\n\r\nPourriez-vous m'envoyer la facture n°42 ? Merci d'avance.\r\n\r\nJeanne Dupont, Société Générale Étoilée\r\n";

function frenchMessage(messageId: string): string {
  return [
    "From: Jeanne Dupont <jeanne.dupont@client.test>",
    `To: ${USER}`,
    `Subject: =?UTF-8?B?${Buffer.from(SUBJECT, "utf8").toString("base64")}?=`,
    `Message-ID: <${messageId}>`,
    "Date: Mon, 03 Mar 2025 10:15:00 +0100",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    BODY,
  ].join("\r\n");
}

async function connectImap(server: DovecotServer): Promise<ImapSimple> {
  const connection = await imaps.connect({
    imap: { user: USER, password: PASSWORD, host: server.host, port: server.port, tls: false, authTimeout: 10_000 },
  });
  connection.on("error", () => {});
  return connection;
}

describe("Dovecot test server", () => {
  let dovecot: DovecotServer;

  beforeAll(async () => {
    ensureSystemPackage({ binary: "dovecot", aptPackage: "dovecot-imapd" });
    dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  }, 60_000);

  afterAll(async () => {
    await dovecot?.stop();
  }, 30_000);

  it("stores an appended UTF-8 message unseen in INBOX and serves it back", async () => {
    await dovecot.appendMessage(USER, PASSWORD, frenchMessage("demande-42@client.test"));

    const connection = await connectImap(dovecot);
    try {
      // @types/imap-simple says openBox resolves to the name; it actually resolves to node-imap's Box.
      const box = (await connection.openBox("INBOX")) as unknown as { messages: { total: number } };
      expect(box.messages.total).toBe(1);
      const results = await connection.search(["ALL"], { bodies: [""], markSeen: false });
      expect(results).toHaveLength(1);
      const [message] = results;
      const parsed = await simpleParser(message!.parts.find((p) => p.which === "")!.body as string);

      expect(parsed.subject).toBe(SUBJECT);
      expect(parsed.messageId).toBe("<demande-42@client.test>");
      expect(parsed.from?.value[0]?.address).toBe("jeanne.dupont@client.test");
      expect(parsed.text?.replace(/\r\n/g, "\n")).toBe(BODY.replace(/\r\n/g, "\n"));
      expect(message!.attributes.uid).toBe(1);
      expect(message!.attributes.flags).not.toContain("\\Seen");
    } finally {
      connection.end();
    }
  }, 30_000);

  it("creates folders and appends with flags", async () => {
    await dovecot.createFolder(USER, PASSWORD, "Archives");
    await dovecot.createFolder(USER, PASSWORD, "Archives"); // idempotent
    await dovecot.appendMessage(USER, PASSWORD, frenchMessage("archived@client.test"), {
      folder: "Archives",
      flags: ["\\Seen", "$Traite"],
    });

    const connection = await connectImap(dovecot);
    try {
      await connection.openBox("Archives");
      const [message, ...rest] = await connection.search(["ALL"], { bodies: ["HEADER.FIELDS (MESSAGE-ID)"] });
      expect(rest).toHaveLength(0);
      expect(message!.attributes.flags).toEqual(expect.arrayContaining(["\\Seen", "$Traite"]));
    } finally {
      connection.end();
    }
  }, 30_000);

  it("rejects a wrong password", async () => {
    await expect(
      imaps.connect({
        imap: { user: USER, password: "wrong", host: dovecot.host, port: dovecot.port, tls: false, authTimeout: 10_000 },
      }),
    ).rejects.toThrow(/authentication failed/i);
  }, 30_000);
});

describe("SMTP sink", () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  }, 30_000);

  afterAll(async () => {
    await sink?.stop();
  }, 30_000);

  const transport = () => nodemailer.createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });

  it("receives a message with its envelope and decoded content", async () => {
    sink.clear();
    const info = await transport().sendMail({
      from: "Comptoir <support@example.test>",
      to: ["jeanne.dupont@client.test", "compta@client.test"],
      subject: "Re: Demande d'information — facture n°42",
      text: "Bonjour Jeanne, voici la facture n°42. Cordialement, l'équipe",
    });

    expect(info.accepted).toEqual(["jeanne.dupont@client.test", "compta@client.test"]);
    expect(sink.messages).toHaveLength(1);
    const mail = await sink.waitForMessage((m) => m.parsed.subject?.includes("facture n°42") ?? false, 1_000);
    expect(mail.envelope).toEqual({
      from: "support@example.test",
      to: ["jeanne.dupont@client.test", "compta@client.test"],
    });
    expect(mail.parsed.subject).toBe("Re: Demande d'information — facture n°42");
    expect(mail.parsed.text?.trim()).toBe("Bonjour Jeanne, voici la facture n°42. Cordialement, l'équipe");
    expect(mail.raw.toString("utf8")).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mail.authUser).toBeNull();
  }, 30_000);

  it("waitForMessage waits for a later message and times out otherwise", async () => {
    sink.clear();
    const waiting = sink.waitForMessage((m) => m.envelope.to.includes("later@client.test"), 5_000);
    await transport().sendMail({ from: "a@example.test", to: "later@client.test", subject: "Plus tard", text: "…" });
    expect((await waiting).parsed.subject).toBe("Plus tard");

    await expect(sink.waitForMessage((m) => m.envelope.to.includes("nobody@client.test"), 100)).rejects.toThrow(
      /No matching message within 100 ms/,
    );
  }, 30_000);

  it("failNext rejects the next message with a temporary error, then accepts again", async () => {
    sink.clear();
    sink.failNext(1);
    const mail = { from: "support@example.test", to: "jeanne.dupont@client.test", subject: "Relance", text: "Relance" };

    await expect(transport().sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    expect(sink.messages).toHaveLength(0);

    await transport().sendMail(mail);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.parsed.subject).toBe("Relance");
  }, 30_000);
});
