import { beforeAll, describe, expect, it } from "vitest";
import { mergeContacts } from "~/domain/customers/merge.server";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { db } from "~/lib/db.server";
import { aSentCampaign } from "../support/campaign-factories.ts";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";

/** The contact and company timelines show the campaigns received, with what the person did, to those who read campaigns. */

let companyId: string;
let contactId: string;
let colleagueId: string;
const sentAt = new Date(Date.UTC(2026, 9, 5, 9, 0, 0));
const openedAt = new Date(Date.UTC(2026, 9, 5, 10, 30, 0));
const clickedAt = new Date(Date.UTC(2026, 9, 5, 10, 31, 0));
let viewers: Record<"marketing" | "sales" | "technician" | "manager", { id: string; role: string; restrictToGroups: boolean }>;

beforeAll(async () => {
  const company = await aCompany({ name: "Boulangerie Rousseau" });
  companyId = company.id;
  contactId = (await aContact({ companyId })).id;
  colleagueId = (await aContact({ companyId })).id;
  const stranger = (await aContact()).id;
  const spring = await aSentCampaign({ name: "Printemps", launchedAt: sentAt, recipients: [{ contactId }, { contactId: colleagueId }, { contactId: stranger }] });
  await db().campaignRecipient.update({ where: { id: spring.recipients[0].id }, data: { firstOpenedAt: openedAt, opens: 2, firstClickedAt: clickedAt, clicks: 1, unsubscribedAt: clickedAt } });
  const summer = await aSentCampaign({ name: "Été", launchedAt: new Date(sentAt.getTime() + 30 * 86_400_000), recipients: [{ contactId }] });
  await db().campaignRecipient.update({ where: { id: summer.recipients[0].id }, data: { status: "bounced", bouncedAt: new Date(sentAt.getTime() + 30 * 86_400_000 + 60_000) } });
  // Left out of a third campaign: no mail, nothing on the timeline.
  await aSentCampaign({ name: "Automne", recipients: [{ contactId, exclusionReason: "open_incident" }] });
  const user = async (role: "marketing" | "sales" | "technician" | "manager") => {
    const created = await aUser({ role });
    return { id: created.id, role, restrictToGroups: false };
  };
  viewers = { marketing: await user("marketing"), sales: await user("sales"), technician: await user("technician"), manager: await user("manager") };
});

const campaignEntries = async (viewer: (typeof viewers)["marketing"], scope: { contactId: string } | { companyId: string }) =>
  (await customerTimeline(viewer, { ...scope, kinds: ["campaign"], limit: 50 })).entries;

describe("campaign deliveries on the customer timeline", () => {
  it("shows a contact's campaigns received, newest first, with first open, first click, unsubscribe and bounce", async () => {
    const entries = await campaignEntries(viewers.marketing, { contactId });
    expect(entries.map((entry) => entry.title)).toEqual(["Été", "Printemps"]);
    const [summer, spring] = entries;
    expect(spring.at).toEqual(sentAt);
    expect(spring.meta).toEqual({ openedAt: openedAt.toISOString(), clickedAt: clickedAt.toISOString(), unsubscribedAt: clickedAt.toISOString() });
    expect(spring.link).toMatch(/^\/marketing\/campagnes\/[^/]+\/resultats$/);
    expect(Object.keys(summer.meta)).toEqual(["bouncedAt"]);
  });

  it("shows a company's contacts' deliveries, not strangers'", async () => {
    const entries = await campaignEntries(viewers.manager, { companyId });
    expect(entries.map((entry) => entry.title).sort()).toEqual(["Printemps", "Printemps", "Été"].sort());
  });

  it("is for those who read campaigns: sales yes, technicians no", async () => {
    expect(await campaignEntries(viewers.sales, { contactId })).toHaveLength(2);
    expect(await campaignEntries(viewers.technician, { contactId })).toEqual([]);
    const all = await customerTimeline(viewers.technician, { contactId, limit: 50 });
    expect(all.entries.some((entry) => entry.kind === "campaign")).toBe(false);
  });

  it("pages through deliveries with the keyset cursor without gaps or repeats", async () => {
    const first = await customerTimeline(viewers.marketing, { companyId, kinds: ["campaign"], limit: 1 });
    const second = await customerTimeline(viewers.marketing, { companyId, kinds: ["campaign"], limit: 1, cursor: first.nextCursor });
    const third = await customerTimeline(viewers.marketing, { companyId, kinds: ["campaign"], limit: 1, cursor: second.nextCursor });
    const ids = [...first.entries, ...second.entries, ...third.entries].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(3);
    expect(third.nextCursor).toBeNull();
  });

  it("follows the person through a contact merge", async () => {
    const duplicate = (await aContact({ companyId })).id;
    await aSentCampaign({ name: "Hiver", recipients: [{ contactId: duplicate }] });
    await mergeContacts({ keepId: colleagueId, mergeId: duplicate, actorId: viewers.manager.id });
    const titles = (await campaignEntries(viewers.marketing, { contactId: colleagueId })).map((entry) => entry.title);
    expect(titles.sort()).toEqual(["Hiver", "Printemps"]);
  });
});
