import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { campaignAudience, excludedContacts, parseExclusionCounts } from "~/domain/marketing/campaigns/campaign-audience.server";
import { changeCampaignStatus, createCampaign, launchCampaign, launchDueCampaigns, scheduleCampaign, updateCampaign, CampaignConflictError } from "~/domain/marketing/campaigns/campaign-commands.server";
import { campaignFormSchema } from "~/domain/marketing/campaigns/campaign-schemas";
import { starterCampaignMjml } from "~/domain/marketing/campaigns/campaign-template";
import { aUser } from "../support/factories";
import { aCompany, aContact, aCustomerTicket } from "../support/customers-factories";
import { aCampaign, aConsent, aSegment, everyoneInFrench, mailableConsent } from "../support/campaign-factories";

function form(overrides: Record<string, unknown> = {}) {
  return campaignFormSchema.parse({
    name: "Rentrée 2026",
    fromName: "Atelier Martin",
    fromAddress: "Marketing@Atelier.test",
    subject: "Nos offres",
    mjml: starterCampaignMjml,
    ratePerMinute: "600",
    attributionDays: "90",
    cost: "1 250,50 €",
    excludeOpenIncidents: "on",
    ...overrides,
  });
}

async function contactWith(state: string | null, options: { companyId?: string | null; emails?: string[] } = {}) {
  const contact = await aContact({ companyId: options.companyId ?? null, ...(options.emails ? { emails: options.emails } : {}) });
  const email = await db().contactEmail.findFirst({ where: { contactId: contact.id }, select: { address: true } });
  if (state && email) await aConsent(email.address, state, contact.id);
  return { ...contact, address: email?.address ?? null };
}

describe("campaign records", () => {
  it("creates, edits with optimistic locking, and refuses to edit once launched", async () => {
    const marketer = await aUser({ role: "marketing" });
    const segment = await aSegment();
    const parsed = form({ segmentIds: [segment.id] });
    expect(parsed.cost).toBe(125050);
    expect(parsed.fromAddress).toBe("marketing@atelier.test");
    const { id } = await createCampaign(marketer, parsed);
    const created = await db().campaign.findUniqueOrThrow({ where: { id }, select: { text: true, textEdited: true, version: true, costCents: true } });
    expect(created.text).toContain("Bonjour {{contact.firstName|Madame, Monsieur}}");
    expect(created.textEdited).toBe(false);

    await updateCampaign(marketer, id, { ...parsed, version: 1, name: "Rentrée", text: "Mon texte", textEdited: true });
    await expect(updateCampaign(marketer, id, { ...parsed, version: 1 })).rejects.toBeInstanceOf(CampaignConflictError);
    const updated = await db().campaign.findUniqueOrThrow({ where: { id }, select: { name: true, text: true, version: true } });
    expect(updated).toEqual({ name: "Rentrée", text: "Mon texte", version: 2 });
    expect(await db().auditLog.count({ where: { entityId: id, action: { in: ["campaign.created", "campaign.updated"] } } })).toBe(2);

    const sales = await aUser({ role: "sales" });
    await expect(updateCampaign(sales, id, { ...parsed, version: 2 })).rejects.toThrow("errors.forbiddenText");
  });

  it("counts each exclusion the way the launch writes them, and launches once under two concurrent clicks", async () => {
    const marketer = await aUser({ role: "marketing" });
    const angryCompany = await aCompany({ name: "Colère SA" });
    const ok1 = await contactWith("opt_in");
    const ok2 = await contactWith("b2b_interest");
    const unsubscribed = await contactWith("unsubscribed");
    const bounced = await contactWith("bounced");
    const noConsent = await contactWith(null);
    const noAddress = await contactWith(null, { emails: [] });
    const requester = await contactWith("opt_in", { companyId: angryCompany.id });
    const colleague = await contactWith("opt_in", { companyId: angryCompany.id });
    const ticket = await aCustomerTicket(requester, { status: "open" });
    await db().ticket.update({ where: { id: ticket.id }, data: { type: "incident", priority: "urgent" } });
    // A solved urgent incident and an open low one exclude nobody.
    const calm = await contactWith("opt_in");
    const solved = await aCustomerTicket(calm, { status: "solved" });
    await db().ticket.update({ where: { id: solved.id }, data: { type: "incident", priority: "urgent" } });

    const french = await aSegment(everyoneInFrench);
    const mailable = await aSegment(mailableConsent);
    const campaign = await aCampaign({ segmentIds: [french.id, mailable.id] });

    const { summary } = await campaignAudience(campaign.id);
    expect(summary.counts).toEqual({ unsubscribed: 1, bounced: 1, complained: 0, no_consent: 1, duplicate: 5, open_incident: 2, no_address: 1 });
    expect(summary.recipients).toBe(3);
    const excluded = await excludedContacts(campaign.id, { offset: 0, limit: 50 });
    expect(new Map(excluded.map((row) => [row.contactId, row.reason]))).toEqual(
      new Map([
        [unsubscribed.id, "unsubscribed"],
        [bounced.id, "bounced"],
        [noConsent.id, "no_consent"],
        [noAddress.id, "no_address"],
        [requester.id, "open_incident"],
        [colleague.id, "open_incident"],
      ]),
    );

    const [first, second] = await Promise.all([launchCampaign(marketer, campaign.id), launchCampaign(marketer, campaign.id)]);
    expect([first.launched, second.launched].sort()).toEqual([false, true]);
    const launched = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true, recipientCount: true, exclusionCounts: true, renderedHtml: true } });
    expect(launched.status).toBe("sending");
    expect(launched.recipientCount).toBe(3);
    expect(parseExclusionCounts(launched.exclusionCounts)).toEqual(summary.counts);
    expect(launched.renderedHtml).toContain("{{contact.firstName|Madame, Monsieur}}");
    const rows = await db().campaignRecipient.findMany({ where: { campaignId: campaign.id }, select: { contactId: true, status: true, exclusionReason: true, address: true, mergeValues: true } });
    expect(rows).toHaveLength(9);
    expect(rows.filter((row) => row.status === "queued").map((row) => row.contactId).sort()).toEqual([ok1.id, ok2.id, calm.id].sort());
    expect(rows.find((row) => row.contactId === noAddress.id)).toMatchObject({ status: "excluded", exclusionReason: "no_address" });
    expect(JSON.parse(rows.find((row) => row.contactId === ok1.id)!.mergeValues)).toMatchObject({ "contact.firstName": "Camille", "contact.email": ok1.address });
    expect(await db().campaignLink.findMany({ where: { campaignId: campaign.id }, select: { position: true, url: true } })).toEqual([{ position: 1, url: "https://www.exemple.fr/offres" }]);
    expect(await db().auditLog.count({ where: { entityId: campaign.id, action: "campaign.launched" } })).toBe(1);

    await expect(updateCampaign(marketer, campaign.id, form({ segmentIds: [french.id], version: 2 }))).rejects.toThrow("campaign.error.notEditable");
    await changeCampaignStatus(marketer, campaign.id, "pause");
    await expect(changeCampaignStatus(marketer, campaign.id, "pause")).rejects.toThrow("campaign.error.wrongStatus");
    await changeCampaignStatus(marketer, campaign.id, "cancel");
    expect((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status).toBe("cancelled");
  });

  it("refuses a launch with nobody to mail, with broken MJML, or without a segment", async () => {
    const marketer = await aUser({ role: "marketing" });
    await contactWith("unsubscribed");
    const segment = await aSegment(everyoneInFrench);
    const empty = await aCampaign({ segmentIds: [segment.id] });
    await db().marketingConsent.updateMany({ data: { state: "unsubscribed" } });
    await expect(launchCampaign(marketer, empty.id)).rejects.toThrow("campaign.error.noRecipients");
    const broken = await aCampaign({ segmentIds: [segment.id], mjml: "<mjml><mj-body><mj-section><mj-colum></mj-colum></mj-section></mj-body></mjml>" });
    await expect(launchCampaign(marketer, broken.id)).rejects.toThrow("campaign.error.mjmlInvalid");
    const none = await aCampaign();
    await expect(launchCampaign(marketer, none.id)).rejects.toThrow("campaign.error.noSegment");
    const ids = [empty.id, broken.id, none.id];
    expect(await db().campaignRecipient.count({ where: { campaignId: { in: ids } } })).toBe(0);
    expect(await db().campaign.count({ where: { id: { in: ids }, status: "draft" } })).toBe(3);
  });

  it("launches a scheduled campaign when it is due, not before; unscheduling makes it a draft again", async () => {
    const marketer = await aUser({ role: "marketing" });
    const contact = await contactWith("opt_in");
    const segment = await aSegment(mailableConsent);
    const campaign = await aCampaign({ segmentIds: [segment.id] });
    const now = new Date("2026-12-07T10:00:00Z");
    await expect(scheduleCampaign(marketer, campaign.id, new Date("2026-12-07T09:00:00Z"), now)).rejects.toThrow("campaign.error.scheduleInPast");
    await scheduleCampaign(marketer, campaign.id, new Date("2026-12-08T08:00:00Z"), now);
    expect(await launchDueCampaigns(db(), new Date("2026-12-08T07:59:00Z"))).toBe(0);
    await changeCampaignStatus(marketer, campaign.id, "unschedule");
    expect(await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true, scheduledAt: true } })).toEqual({ status: "draft", scheduledAt: null });
    await scheduleCampaign(marketer, campaign.id, new Date("2026-12-08T08:00:00Z"), now);
    expect(await launchDueCampaigns(db(), new Date("2026-12-08T08:00:00Z"))).toBe(1);
    const launched = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true, launchedById: true } });
    expect(launched).toEqual({ status: "sending", launchedById: null });
    expect(await db().campaignRecipient.count({ where: { campaignId: campaign.id, contactId: contact.id, status: "queued" } })).toBe(1);
  });
});
