import { describe, expect, it } from "vitest";
import { selectAttachments, safeContentType } from "~/domain/channels/email/attachments.server";
import { detectAutomatedMail, isUnanswerableAddress } from "~/domain/channels/email/automated-mail";
import { detectBounce, parseDeliveryStatus } from "~/domain/channels/email/bounce";
import { ticketNumbersInSubject, threadCandidates } from "~/domain/channels/email/follow-up.server";
import { fetchBatches } from "~/domain/channels/email/mailbox-poll.server";
import { parseEmail } from "~/domain/channels/email/parse.server";
import { isOwnMailReturning, senderLanguage } from "~/domain/channels/email/process-inbound.server";
import { generateMessageId } from "~/lib/mail/message-id.server";
import { mailFixture } from "../support/email-factories.ts";

const headers = (entries: Record<string, string | string[]>) => new Map(Object.entries(entries).map(([name, value]) => [name.toLowerCase(), [value].flat()]));

describe("parse: every charset, transfer encoding and MIME shape", () => {
  it.each([
    ["iso-8859-1-french.eml", "Accès impossible à l'extranet depuis la mise à jour", "Je n'arrive plus à me connecter à l'extranet", "François Lefèvre"],
    ["windows-1252-french.eml", "Facture 2026-118 : montant erroné (1 250,00 €)", "Le cœur du problème : la ligne « Déplacement » a été comptée deux fois…", "Service comptable - Menuiserie Aubert"],
    ["utf8-french.eml", "Caisse enregistreuse qui ne démarre plus à 8h – urgent", "Nous avons déjà débranché et rebranché le secteur", "Hélène Rousseau"],
  ])("%s", async (fixture, subject, excerpt, name) => {
    const parsed = await parseEmail(mailFixture(fixture));
    expect(parsed.subject).toBe(subject);
    expect(parsed.text).toContain(excerpt);
    expect(parsed.from?.name).toBe(name);
    expect(parsed.date).toBeInstanceOf(Date);
    expect(parsed.messageId).toMatch(/^<.+@.+>$/);
    expect(parsed.warnings).toEqual([]);
  });

  it("reads DSN parts, inline parts and broken mail", async () => {
    const dsn = await parseEmail(mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: "<abc@example.test>", RECIPIENT: "x@y.test", TICKET_NUMBER: 12 }));
    expect(dsn.contentType).toBe("multipart/report");
    expect(dsn.deliveryStatus).toContain("Final-Recipient: rfc822; x@y.test");
    expect(dsn.returnedHeaders).toContain("Message-ID: <abc@example.test>");

    const related = await parseEmail(mailFixture("related-inline-images.eml"));
    expect(related.attachments.map((attachment) => [attachment.contentId, attachment.inlineHint])).toEqual([
      ["capture.png@01DB3F44", true],
      ["logo-pharmacie@morel", true],
      [null, false],
    ]);

    const broken = await parseEmail(mailFixture("malformed-mime.eml"));
    expect(broken.date).toBeNull();
    expect(broken.from?.address).toBe("scanner@imprimerie-leroy.fr");
    expect(broken.text).toContain("Bon de livraison n° 4471");

    const none = await parseEmail(mailFixture("no-message-id.eml"));
    expect(none.messageId).toBeNull();
  });

  it("reads threading headers from Gmail and Outlook replies", async () => {
    const values = { OUR_MESSAGE_ID: "<ours@example.test>", CUSTOMER_MESSAGE_ID: "<first@client.test>", TICKET_NUMBER: 7, SUBJECT: "Box" };
    const gmail = await parseEmail(mailFixture("gmail-reply.eml", values));
    expect(gmail.inReplyTo).toEqual(["<ours@example.test>"]);
    expect(gmail.references).toEqual(["<first@client.test>", "<ours@example.test>"]);
    expect(gmail.subject).toBe("Re: Box [#7]");
    const outlook = await parseEmail(mailFixture("outlook-reply.eml", values));
    expect(outlook.inReplyTo).toEqual(["<ours@example.test>"]);
    expect(outlook.subject).toBe("RE: Box [#7]");
    expect(outlook.text).toContain("Le problème est revenu");
  });
});

describe("loop and auto-reply detection", () => {
  it.each([
    [{ "Auto-Submitted": "auto-replied" }, "auto_reply"],
    [{ "Auto-Submitted": "auto-generated" }, "auto_reply"],
    [{ "X-Autoreply": "yes" }, "auto_reply"],
    [{ "X-Autorespond": "Out of office" }, "auto_reply"],
    [{ "X-MS-Exchange-Inbox-Rules-Loop": "a@b.test" }, "auto_reply"],
    [{ Precedence: "bulk" }, "bulk"],
    [{ Precedence: "list" }, "bulk"],
    [{ Precedence: "junk" }, "bulk"],
    [{ Precedence: "auto_reply" }, "auto_reply"],
    [{ "List-Id": "<annonces.exemple.fr>" }, "bulk"],
    [{ "Return-Path": "<>" }, "null_sender"],
    [{ "X-Comptoir-Mail": "acknowledgement" }, "loop"],
  ])("%j → %s", (entries, kind) => {
    expect(detectAutomatedMail({ headers: headers(entries), from: { address: "marie@exemple.fr" } })?.kind).toBe(kind);
  });

  it("knows machine senders and leaves people alone", () => {
    expect(detectAutomatedMail({ headers: headers({}), from: { address: "MAILER-DAEMON@mx.exemple.fr" } })?.kind).toBe("mailer_daemon");
    expect(detectAutomatedMail({ headers: headers({}), from: { address: "postmaster@exemple.fr" } })?.kind).toBe("mailer_daemon");
    expect(detectAutomatedMail({ headers: headers({}), from: { address: "no-reply@plateforme.fr" } })?.kind).toBe("no_reply_sender");
    expect(detectAutomatedMail({ headers: headers({ "Auto-Submitted": "no", Precedence: "normal", "Return-Path": "<marie@exemple.fr>" }), from: { address: "marie@exemple.fr" } })).toBeNull();
    expect(isUnanswerableAddress("donotreply@banque.fr")).toBe(true);
    expect(isUnanswerableAddress("marie.noreply-fan@exemple.fr")).toBe(false);
  });

  it("classifies the fixtures", async () => {
    const ooo = await parseEmail(mailFixture("out-of-office.eml", { OUR_MESSAGE_ID: "<a@b.test>", SUBJECT: "x" }));
    expect(detectAutomatedMail(ooo)).toEqual({ kind: "auto_reply", reason: "Auto-Submitted: auto-replied" });
    expect(detectAutomatedMail(await parseEmail(mailFixture("bulk-newsletter.eml")))?.kind).toBe("bulk");
    expect(detectAutomatedMail(await parseEmail(mailFixture("utf8-french.eml")))).toBeNull();
    expect(senderLanguage(await parseEmail(mailFixture("utf8-french.eml")))).toBe("fr");
  });

  it("recognises our own mail coming back by its header or its signed Message-ID", async () => {
    const ours = await parseEmail(Buffer.from(`From: s@example.test\nMessage-ID: ${generateMessageId("example.test")}\nSubject: x\n\nx\n`));
    expect(isOwnMailReturning(ours)).toBe(true);
    expect(isOwnMailReturning(await parseEmail(mailFixture("utf8-french.eml")))).toBe(false);
  });
});

describe("bounce detection", () => {
  it("reads a DSN: recipient, permanence, the server's reply and the bounced Message-ID", async () => {
    const parsed = await parseEmail(mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: "<ours@example.test>", RECIPIENT: "parti@ancienne.test", TICKET_NUMBER: 3 }));
    const report = detectBounce(parsed);
    expect(report).toMatchObject({ permanent: true, originalMessageIds: ["<ours@example.test>"] });
    expect(report?.recipients).toEqual([
      { address: "parti@ancienne.test", action: "failed", status: "5.1.1", permanent: true, diagnostic: "550 5.1.1 <parti@ancienne.test>: Recipient address rejected: User unknown in virtual mailbox table" },
    ]);
    expect(report?.summary).toContain("5.1.1 550 5.1.1");
  });

  it("tells a delay from a failure, and reads a DSN that only returns headers", async () => {
    const delayed = parseDeliveryStatus("Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.test\nAction: delayed\nStatus: 4.4.1\nDiagnostic-Code: smtp; 421 4.4.1 Connection timed out\n");
    expect(delayed).toEqual([{ address: "a@b.test", action: "delayed", status: "4.4.1", permanent: false, diagnostic: "421 4.4.1 Connection timed out" }]);
    const raw = [
      "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      "To: support@example.test",
      "Subject: Delivery Status Notification (Failure)",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "Address not found",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; googlemail.com",
      "",
      "Final-Recipient: rfc822; inconnu@gmail.com",
      "Action: failed",
      "Status: 5.1.1",
      "--b",
      "Content-Type: text/rfc822-headers",
      "",
      "From: support@example.test",
      "Message-ID: <returned@example.test>",
      "Subject: Re: x",
      "--b--",
      "",
    ].join("\n");
    const report = detectBounce(await parseEmail(Buffer.from(raw)));
    expect(report).toMatchObject({ permanent: true, originalMessageIds: ["<returned@example.test>"] });
  });

  it("reads an old-style bounce without a report, and leaves normal mail alone", async () => {
    const raw = "From: MAILER-DAEMON@relais.test\nReturn-Path: <>\nSubject: Undelivered Mail Returned to Sender\n\nThe following address failed:\n  <vieux@client.test>: 550 5.1.1 mailbox unavailable\n\n------ Original message ------\nMessage-ID: <ours-old@example.test>\nSubject: x\n";
    const report = detectBounce(await parseEmail(Buffer.from(raw)));
    expect(report).toMatchObject({ permanent: true, originalMessageIds: ["<ours-old@example.test>"] });
    expect(report?.recipients[0].address).toBe("vieux@client.test");
    expect(detectBounce(await parseEmail(mailFixture("utf8-french.eml")))).toBeNull();
    expect(detectBounce(await parseEmail(mailFixture("out-of-office.eml", { OUR_MESSAGE_ID: "<a@b.test>", SUBJECT: "x" })))).toBeNull();
  });
});

describe("follow-up detection: what to look up", () => {
  it("finds ticket tokens in subjects", () => {
    expect(ticketNumbersInSubject("RE: TR: Imprimante [#1234]")).toEqual([1234]);
    expect(ticketNumbersInSubject("[#12] et [# 13] et [#12]")).toEqual([12, 13]);
    expect(ticketNumbersInSubject("Commande #1234 [1234] (#1234)")).toEqual([]);
    expect(ticketNumbersInSubject("[#99999999999999999999]")).toEqual([]);
  });

  it("looks at In-Reply-To first, then References from the newest", () => {
    expect(threadCandidates(["<c@x>"], ["<a@x>", "<b@x>", "<c@x>"])).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
  });
});

describe("attachments: names and limits", () => {
  const file = (filename: string | null, size: number, extra: Partial<{ contentType: string; contentId: string | null; inlineHint: boolean }> = {}) => ({
    filename,
    contentType: extra.contentType ?? "application/pdf",
    content: Buffer.alloc(size, 1),
    size,
    contentId: extra.contentId ?? null,
    inlineHint: extra.inlineHint ?? false,
  });
  const limits = { maxAttachmentBytes: 1000, maxMessageAttachmentBytes: 1500 };

  it("normalises names and types before anything else looks at them", () => {
    const { kept } = selectAttachments(
      [file("../../etc/passwd", 10), file("facture\u202efdp.exe", 10), file(null, 10, { contentType: "message/rfc822" }), file("x", 10, { contentType: "text/html\r\nX-Evil: 1" })],
      [],
      [],
      limits,
    );
    expect(kept.map((attachment) => attachment.filename)).toEqual(["_.._etc_passwd", "facturefdp.exe", "message-joint-3.eml", "x"]);
    expect(kept[3].contentType).toBe("application/octet-stream");
    expect(safeContentType("IMAGE/PNG; name=x")).toBe("image/png");
  });

  it("drops what is over the per-file or per-mail limit, in order, and says why", () => {
    const { kept, dropped } = selectAttachments([file("a.pdf", 900), file("b.pdf", 1200), file("c.pdf", 500), file("d.pdf", 600)], [], [], limits);
    expect(kept.map((attachment) => attachment.filename)).toEqual(["a.pdf", "c.pdf"]);
    expect(dropped).toEqual([
      { filename: "b.pdf", size: 1200, reason: "too_large" },
      { filename: "d.pdf", size: 600, reason: "message_too_large" },
    ]);
  });

  it("flags as inline only the images the HTML shows", () => {
    const { kept } = selectAttachments(
      [file("logo.png", 10, { contentType: "image/png", contentId: "logo@x", inlineHint: true }), file("photo.png", 10, { contentType: "image/png", contentId: "photo@x", inlineHint: true })],
      [{ contentId: "embedded-1@comptoir", contentType: "image/gif", content: Buffer.from("GIF89a") }],
      ["LOGO@x", "embedded-1@comptoir"],
      limits,
    );
    expect(kept.map((attachment) => [attachment.filename, attachment.inline])).toEqual([
      ["logo.png", true],
      ["photo.png", false],
      ["image-integree-1.gif", true],
    ]);
  });
});

describe("IMAP fetch batches", () => {
  it("groups UIDs by count and size, a big mail alone", () => {
    const sizes = new Map([[1, 10], [2, 10], [3, 100], [4, 10], [5, 10]]);
    expect(fetchBatches([1, 2, 3, 4, 5], sizes, 3, 50)).toEqual([[1, 2], [3], [4, 5]]);
    expect(fetchBatches([1, 2, 3, 4, 5], sizes, 2, 1000)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
