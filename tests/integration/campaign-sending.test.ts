import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { launchCampaign } from "~/domain/marketing/campaigns/campaign-commands.server";
import { recipientIdFromToken } from "~/domain/marketing/campaigns/tracking-links.server";
import { startCampaignSender } from "../../server/workers/campaign-sender.ts";
import { aUser } from "../support/factories";
import { aCompany, aContact } from "../support/customers-factories";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { aCampaign, aConsent, aSegment, mailableConsent } from "../support/campaign-factories";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ rejectRecipient: (address) => address.startsWith("inconnu") });
});
afterAll(async () => {
  await sink?.stop();
});

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("campaign sender", () => {
  it("sends one merged, tracked mail per recipient; a refused address fails alone; the campaign finishes", async () => {
    const marketer = await aUser({ role: "marketing" });
    const hostile = await aCompany({ name: "<script>alert(1)</script>" });
    const addresses: string[] = [];
    for (let index = 0; index < 12; index++) {
      const address = index === 3 ? "inconnu@exemple.test" : `destinataire-${index}@exemple.test`;
      const contact = await aContact({ emails: [address], firstName: index === 5 ? "" : `Prénom${index}`, companyId: index === 1 ? hostile.id : null });
      await aConsent(address, "opt_in", contact.id);
      addresses.push(address);
    }
    const segment = await aSegment(mailableConsent);
    const campaign = await aCampaign({ segmentIds: [segment.id], subject: "Pour {{contact.firstName|vous}}" });
    await db().campaign.update({ where: { id: campaign.id }, data: { preheader: "Nos offres" } });
    expect(await launchCampaign(marketer, campaign.id)).toEqual({ launched: true, recipients: 12 });

    const sender = startCampaignSender({ smtpUrl: sink.url, tickMs: 50, leaseMs: 60_000, log: { warn: () => {}, error: (...args: unknown[]) => console.error(...args) } });
    try {
      await waitFor(async () => (await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status === "sent");
    } finally {
      await sender.stop();
    }
    const rows = await db().campaignRecipient.findMany({ where: { campaignId: campaign.id }, select: { id: true, address: true, status: true, emailMessageId: true, lastError: true } });
    expect(rows.filter((row) => row.status === "sent")).toHaveLength(11);
    expect(rows.find((row) => row.address === "inconnu@exemple.test")).toMatchObject({ status: "failed", lastError: expect.stringContaining("550") });

    const mails = sink.messages.filter((mail) => mail.parsed.headers.get("x-comptoir-campaign") === campaign.id);
    expect(mails).toHaveLength(11);
    expect(new Set(mails.map((mail) => mail.parsed.messageId)).size).toBe(11);
    for (const mail of mails) {
      const row = rows.find((candidate) => candidate.address === mail.envelope.to[0])!;
      expect(mail.parsed.messageId).toBe(row.emailMessageId);
      const html = String(mail.parsed.html);
      const token = /\/suivi\/ouverture\/([^"]+)"/.exec(html)?.[1];
      expect(recipientIdFromToken(token)).toBe(row.id);
      expect(html).toContain(`/suivi/lien/${token}/1"`);
      expect(html).not.toContain("https://www.exemple.fr/offres");
      expect(html).toContain(`/desinscription/${token}"`);
      expect(html).not.toContain("{{");
      expect(String(mail.parsed.text)).toContain(`/desinscription/${token}`);
      expect(mail.raw.toString()).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      expect(mail.raw.toString().replace(/\r\n\s+/g, " ")).toMatch(/List-Unsubscribe: <[^>]+\/desinscription\/[^>]+>, <mailto:contact@atelier.test\?subject=unsubscribe%20/);
    }
    const hostileMail = mails.find((mail) => mail.envelope.to[0] === "destinataire-1@exemple.test")!;
    expect(String(hostileMail.parsed.html)).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(String(hostileMail.parsed.html)).not.toContain("<script>alert(1)");
    expect(mails.find((mail) => mail.envelope.to[0] === "destinataire-5@exemple.test")!.parsed.subject).toBe("Pour vous");
    expect(mails.find((mail) => mail.envelope.to[0] === "destinataire-5@exemple.test")!.parsed.html).toContain("Bonjour Madame, Monsieur,");
    expect(mails.find((mail) => mail.envelope.to[0] === "destinataire-0@exemple.test")!.parsed.subject).toBe("Pour Prénom0");

    const finished = await db().domainEvent.findMany({ where: { name: { in: ["campaign.saved", "campaign.progressed"] } }, select: { name: true, payload: true } });
    expect(finished.some((event) => event.name === "campaign.saved" && JSON.parse(event.payload).change === "finished")).toBe(true);
    expect(finished.filter((event) => event.name === "campaign.progressed").map((event) => JSON.parse(event.payload)).at(-1)).toEqual({ campaignId: campaign.id, sent: 11, failed: 1, total: 12 });
  });

  it("sends nothing for a paused campaign and resumes where it stopped", async () => {
    const marketer = await aUser({ role: "marketing" });
    for (let index = 0; index < 3; index++) {
      const address = `pause-${index}@exemple.test`;
      const contact = await aContact({ emails: [address] });
      await aConsent(address, "opt_in", contact.id);
    }
    const segment = await aSegment({ match: "all", groups: [{ match: "all", conditions: [{ kind: "marketing.consentState", params: { states: ["opt_in"] } }] }] });
    const campaign = await aCampaign({ segmentIds: [segment.id] });
    await launchCampaign(marketer, campaign.id);
    await db().campaign.update({ where: { id: campaign.id }, data: { status: "paused" } });
    const before = sink.messages.length;
    const sender = startCampaignSender({ smtpUrl: sink.url, tickMs: 50, log: { warn: () => {}, error: (...args: unknown[]) => console.error(...args) } });
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(sink.messages.length).toBe(before);
      await db().campaign.update({ where: { id: campaign.id }, data: { status: "sending" } });
      await waitFor(async () => (await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status === "sent");
    } finally {
      await sender.stop();
    }
    expect(sink.messages.filter((mail) => mail.parsed.headers.get("x-comptoir-campaign") === campaign.id)).toHaveLength(await db().campaignRecipient.count({ where: { campaignId: campaign.id, status: "sent" } }));
  });
});
