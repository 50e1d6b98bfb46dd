import { beforeAll, describe, expect, it } from "vitest";
import { storeInboundEmail } from "~/domain/channels/email/inbound-store.server";
import { processInboundEmail } from "~/domain/channels/email/process-inbound.server";
import { recipientToken, unsubscribeMailSubject } from "~/domain/marketing/campaigns/tracking-links.server";
import { db } from "~/lib/db.server";
import { generateMessageId } from "~/lib/mail/message-id.server";
import { aSentCampaign } from "../support/campaign-factories.ts";
import { aContact } from "../support/customers-factories.ts";
import { mailFixture, useMailSettings } from "../support/email-factories.ts";

/**
 * Bounces, complaints, mailto unsubscribes and replies of campaign mails, as real raw mails
 * through the email channel's real processing path (store, then process).
 */

let mailboxId: string;
let uid = 0;

beforeAll(async () => {
  useMailSettings({ MAIL_FROM: "Support <support@example.test>" });
  mailboxId = (await db().mailbox.create({ data: { name: "Support", host: "imap.example.test", port: 993, username: "support@example.test", passwordEncrypted: "", uidValidity: 1n } })).id;
});

async function receive(raw: Buffer | string) {
  uid += 1;
  const { inboundEmailId } = await storeInboundEmail({ mailboxId, uidValidity: 1n, uid, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "utf8") });
  const outcome = await processInboundEmail(inboundEmailId);
  return { outcome, inbound: await db().inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } }) };
}

async function aRecipient(name = "Campagne") {
  const contact = await aContact({ firstName: "Nora", emails: [`nora-${Date.now()}-${uid}-${Math.random().toString(36).slice(2, 7)}@client.test`] });
  const campaign = await aSentCampaign({ name, recipients: [{ contactId: contact.id }] });
  return { campaign, recipient: campaign.recipients[0], contactId: contact.id };
}

const engagements = async (recipientId: string) =>
  (await db().domainEvent.findMany({ where: { name: "campaign.engagement", payload: { contains: recipientId } }, orderBy: { position: "asc" } })).map((event) => JSON.parse(event.payload).kind);

describe("bounces", () => {
  it("a permanent bounce of a campaign mail marks the recipient bounced and suppresses the address, once, without a ticket", async () => {
    const { campaign, recipient } = await aRecipient();
    const dsn = mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: recipient.emailMessageId!, RECIPIENT: recipient.address, TICKET_NUMBER: 1 });
    const { outcome } = await receive(dsn);
    expect(outcome).toMatchObject({ status: "processed", classification: "campaign_bounce", ticketId: null, createdTicket: false });
    const row = await db().campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } });
    expect(row.status).toBe("bounced");
    expect(row.bouncedAt).not.toBeNull();
    expect(row.bounceDiagnostic).toContain("5.1.1");
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: recipient.address } })).toMatchObject({ state: "bounced", source: "bounce" });
    const history = await db().marketingConsentChange.findMany({ where: { address: recipient.address } });
    expect(history).toMatchObject([{ state: "bounced", campaignId: campaign.id }]);
    expect(history[0].note).toContain("User unknown");
    expect(await db().auditLog.count({ where: { action: "consent.changed", details: { contains: recipient.address } } })).toBe(1);

    // The same report again (another copy): nothing more.
    await receive(Buffer.from(dsn.toString("latin1").replace("Message-Id: <20261126160211", "Message-Id: <20261126160212"), "latin1"));
    expect(await engagements(recipient.id)).toEqual(["bounce"]);
    expect(await db().marketingConsentChange.count({ where: { address: recipient.address } })).toBe(1);
  });

  it("a temporary failure keeps the recipient sent, with the diagnostic noted, and changes no consent", async () => {
    const { recipient } = await aRecipient();
    const raw = mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: recipient.emailMessageId!, RECIPIENT: recipient.address, TICKET_NUMBER: 1 })
      .toString("latin1")
      .replace("Action: failed", "Action: delayed")
      .replace("Status: 5.1.1", "Status: 4.2.2")
      .replace("Diagnostic-Code: smtp; 550 5.1.1", "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full");
    const { outcome } = await receive(Buffer.from(raw, "latin1"));
    expect(outcome).toMatchObject({ status: "processed", classification: "campaign_bounce" });
    const row = await db().campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } });
    expect(row).toMatchObject({ status: "sent", bouncedAt: null });
    expect(row.bounceDiagnostic).toMatch(/^delayed: 4\.2\.2/);
    expect(await db().marketingConsent.findUnique({ where: { address: recipient.address } })).toBeNull();
    expect(await engagements(recipient.id)).toEqual([]);
  });

  it("a bounce naming a forged id of our shape changes nothing", async () => {
    const { recipient } = await aRecipient();
    const forged = recipient.emailMessageId!.replace(/\.([0-9a-f])/, (_, digit: string) => `.${digit === "0" ? "1" : "0"}`);
    const { outcome } = await receive(mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: forged, RECIPIENT: recipient.address, TICKET_NUMBER: 1 }));
    expect(outcome).toMatchObject({ status: "ignored", classification: "bounce" });
    expect((await db().campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).status).toBe("sent");
  });
});

describe("complaints", () => {
  it("an ARF abuse report of a campaign mail records the complaint and suppresses the address", async () => {
    const { campaign, recipient } = await aRecipient();
    const { outcome } = await receive(mailFixture("arf-complaint.eml", { SEQUENCE: uid, OUR_MESSAGE_ID: recipient.emailMessageId!, RECIPIENT: recipient.address }));
    expect(outcome).toMatchObject({ status: "processed", classification: "campaign_complaint", ticketId: null });
    expect((await db().campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).complainedAt).not.toBeNull();
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: recipient.address } })).toMatchObject({ state: "complained", source: "complaint" });
    expect(await db().marketingConsentChange.findFirstOrThrow({ where: { address: recipient.address } })).toMatchObject({ campaignId: campaign.id, state: "complained" });
    expect(await engagements(recipient.id)).toEqual(["complaint"]);
  });
});

describe("unsubscribe by mail", () => {
  it("the List-Unsubscribe mailto unsubscribes, is stored as processed and never becomes a ticket", async () => {
    const { recipient } = await aRecipient();
    const subject = unsubscribeMailSubject(recipientToken(recipient.id));
    const raw = [
      `From: Nora <${recipient.address}>`,
      "To: support@example.test",
      `Subject: ${subject}`,
      `Message-ID: <desabo-${Date.now()}@client.test>`,
      "Date: Mon, 07 Dec 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "This message was automatically generated by the mail client.",
      "",
    ].join("\r\n");
    const { outcome } = await receive(raw);
    expect(outcome).toMatchObject({ status: "processed", classification: "campaign_unsubscribe", ticketId: null, createdTicket: false });
    expect((await db().campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).unsubscribedAt).not.toBeNull();
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: recipient.address } })).toMatchObject({ state: "unsubscribed", source: "unsubscribe" });
    expect(await db().ticket.count({ where: { subject } })).toBe(0);
  });

  it("a forged token in the subject unsubscribes nobody and opens no ticket", async () => {
    const { recipient } = await aRecipient();
    const token = recipientToken(recipient.id);
    const raw = `From: x@ailleurs.test\r\nTo: support@example.test\r\nSubject: unsubscribe ${token.slice(0, -3)}AAA\r\nMessage-ID: <forge-${Date.now()}@ailleurs.test>\r\n\r\nbye\r\n`;
    const { outcome } = await receive(raw);
    expect(outcome).toMatchObject({ status: "ignored", classification: "campaign_unsubscribe", ticketId: null });
    expect((await db().campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).unsubscribedAt).toBeNull();
  });
});

describe("replies", () => {
  const reply = (recipient: { address: string; emailMessageId: string | null }, extraHeaders: string[] = [], body = "Bonjour, pouvez-vous m'envoyer un devis pour trois postes ?") =>
    [
      `From: Nora <${recipient.address}>`,
      "To: marketing@example.test",
      "Subject: Re: Nos nouveautés",
      `Message-ID: <reponse-${Date.now()}-${Math.random().toString(36).slice(2)}@client.test>`,
      `In-Reply-To: ${recipient.emailMessageId}`,
      `References: ${recipient.emailMessageId}`,
      "Date: Mon, 07 Dec 2026 11:00:00 +0000",
      ...extraHeaders,
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
      "",
    ].join("\r\n");

  it("a reply to a campaign mail becomes a new ticket on the same contact, tied to the campaign", async () => {
    const { campaign, recipient, contactId } = await aRecipient("Relance printemps");
    const { outcome } = await receive(reply(recipient));
    expect(outcome).toMatchObject({ status: "processed", classification: "campaign_reply", createdTicket: true });
    if (outcome.status !== "processed") throw new Error("not processed");
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: outcome.ticketId! } });
    expect(ticket.requesterId).toBe(contactId);
    expect(await db().campaignReply.findUniqueOrThrow({ where: { ticketId: ticket.id } })).toMatchObject({ campaignId: campaign.id, recipientId: recipient.id });
    expect(await engagements(recipient.id)).toEqual(["reply"]);
  });

  it("an out-of-office answer to a campaign is recorded, without a ticket", async () => {
    const { recipient } = await aRecipient();
    const { outcome } = await receive(reply(recipient, ["Auto-Submitted: auto-replied"], "Je suis absente jusqu'au 4 janvier."));
    expect(outcome).toMatchObject({ status: "ignored", classification: "campaign_auto_reply", ticketId: null, createdTicket: false });
    expect(await db().campaignReply.count({ where: { recipientId: recipient.id } })).toBe(0);
  });

  it("an In-Reply-To that is not our signed id opens an ordinary ticket, tied to no campaign", async () => {
    const { recipient } = await aRecipient();
    const { outcome } = await receive(reply({ address: recipient.address, emailMessageId: generateMessageId("ailleurs.test").replace(/\.[0-9a-f]/, ".0") }));
    expect(outcome).toMatchObject({ status: "processed", createdTicket: true });
    if (outcome.status !== "processed") throw new Error("not processed");
    expect(outcome.classification).not.toBe("campaign_reply");
    expect(await db().campaignReply.count({ where: { recipientId: recipient.id } })).toBe(0);
  });
});
