import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignResults } from "~/domain/marketing/campaigns/campaign-results.server";
import { bucketIndex } from "~/domain/marketing/campaigns/engagement-buckets";
import { db } from "~/lib/db.server";
import { aSentCampaign } from "../support/campaign-factories.ts";
import { aCompany, aContact, aCustomerTicket } from "../support/customers-factories.ts";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";
import { seededRandom } from "../support/seeded-random.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/**
 * The results page's figures against a brute-force computation over generated recipients, and
 * who may see the results and the recipients' CSV.
 */

const HOUR = 3_600_000;
const launchedAt = new Date(Date.UTC(2026, 10, 2, 8, 0, 0));

type Generated = {
  recipientId: string;
  contactId: string;
  companyId: string;
  excluded: string | null;
  opened: Date | null;
  opens: number;
  clicks: Map<number, number>;
  clickedAt: Date | null;
  unsubscribed: boolean;
  hard: boolean;
  soft: boolean;
  complained: boolean;
  replied: boolean;
};

let campaignId: string;
const generated: Generated[] = [];
const deals: Array<{ contactId: string | null; companyId: string; createdAt: Date; won: boolean; amountCents: number }> = [];
const linkCount = 3;
const costCents = 150_000;
let owner: { id: string };
let app: TestApp;

beforeAll(async () => {
  const random = seededRandom(20261207);
  await aUser({ role: "admin" });
  owner = await aUser({ role: "sales" });
  const companies = [];
  for (let i = 0; i < 8; i++) companies.push(await aCompany());
  const outsider = await aCompany();
  const specs = [];
  const contacts = [];
  for (let i = 0; i < 70; i++) {
    const company = companies[Math.floor(random() * companies.length)];
    const contact = await aContact({ companyId: company.id });
    const excluded = random() < 0.15 ? (["no_consent", "open_incident", "duplicate"] as const)[Math.floor(random() * 3)] : null;
    contacts.push({ contactId: contact.id, companyId: company.id, excluded });
    specs.push({ contactId: contact.id, exclusionReason: excluded ?? undefined });
  }
  const campaign = await aSentCampaign({ name: "Automne", links: ["https://a.example.test/1", "https://a.example.test/2", "https://a.example.test/3"], recipients: specs, launchedAt, costCents });
  campaignId = campaign.id;
  const links = campaign.links;
  for (const [index, row] of campaign.recipients.entries()) {
    const base = contacts[index];
    const entry: Generated = { recipientId: row.id, contactId: base.contactId, companyId: base.companyId, excluded: base.excluded, opened: null, opens: 0, clicks: new Map(), clickedAt: null, unsubscribed: false, hard: false, soft: false, complained: false, replied: false };
    generated.push(entry);
    if (base.excluded) continue;
    entry.hard = random() < 0.08;
    entry.soft = !entry.hard && random() < 0.05;
    if (!entry.hard && random() < 0.55) {
      entry.opened = new Date(launchedAt.getTime() + Math.floor(random() * 120) * HOUR + Math.floor(random() * 3000) * 1000);
      entry.opens = 1 + Math.floor(random() * 4);
      if (random() < 0.5) {
        for (let position = 0; position < linkCount; position++) if (random() < 0.5) entry.clicks.set(position, 1 + Math.floor(random() * 3));
        if (entry.clicks.size > 0) entry.clickedAt = new Date(entry.opened.getTime() + Math.floor(random() * 5) * HOUR);
      }
      entry.unsubscribed = random() < 0.1;
      entry.complained = random() < 0.03;
      entry.replied = random() < 0.1;
    }
    await db().campaignRecipient.update({
      where: { id: row.id },
      data: {
        status: entry.hard ? "bounced" : "sent",
        bouncedAt: entry.hard ? new Date(launchedAt.getTime() + HOUR) : null,
        bounceDiagnostic: entry.hard ? "5.1.1 User unknown" : entry.soft ? "delayed: 4.2.2 Mailbox full" : "",
        firstOpenedAt: entry.opened,
        opens: entry.opens,
        firstClickedAt: entry.clickedAt,
        clicks: [...entry.clicks.values()].reduce((sum, value) => sum + value, 0),
        unsubscribedAt: entry.unsubscribed ? new Date(launchedAt.getTime() + 2 * HOUR) : null,
        complainedAt: entry.complained ? new Date(launchedAt.getTime() + 3 * HOUR) : null,
      },
    });
    for (const [position, clicks] of entry.clicks) {
      await db().campaignLinkClick.create({ data: { recipientId: row.id, linkId: links[position].id, clicks, firstClickedAt: entry.clickedAt! } });
    }
    if (entry.replied) {
      const ticket = await aCustomerTicket({ id: base.contactId });
      await db().campaignReply.create({ data: { ticketId: ticket.id, campaignId, recipientId: row.id } });
    }
  }
  // Deals: by recipients, their companies, excluded contacts, an outsider; inside and outside the window.
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  for (let i = 0; i < 40; i++) {
    const who = pick(generated);
    const byCompanyOnly = random() < 0.3;
    const company = random() < 0.1 ? outsider.id : who.companyId;
    const offsetDays = Math.floor(random() * 140) - 20;
    const won = random() < 0.4;
    const amountCents = 10_000 * (1 + Math.floor(random() * 50));
    const createdAt = new Date(launchedAt.getTime() + offsetDays * 24 * HOUR + HOUR);
    const contactId = byCompanyOnly || company === outsider.id ? null : who.contactId;
    await aDeal({ companyId: company, contactId, ownerId: owner.id, stageId: won ? "stage_won" : "stage_qualification", amountCents, createdAt });
    deals.push({ contactId, companyId: company, createdAt, won, amountCents });
  }
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

describe("campaign results", () => {
  it("match a brute-force computation over the generated recipients", async () => {
    const results = await campaignResults(campaignId);
    expect(results).not.toBeNull();
    const sentRows = generated.filter((entry) => !entry.excluded);
    const hard = sentRows.filter((entry) => entry.hard).length;
    const delivered = sentRows.length - hard;
    const opened = sentRows.filter((entry) => entry.opened).length;
    const clicked = sentRows.filter((entry) => entry.clickedAt).length;
    const excludedBy: Record<string, number> = {};
    for (const entry of generated) if (entry.excluded) excludedBy[entry.excluded] = (excludedBy[entry.excluded] ?? 0) + 1;

    // Deals in the window by a contact who received the mail, or by the company of one.
    const windowEnd = launchedAt.getTime() + 90 * 24 * HOUR;
    const receivedContacts = new Set(sentRows.map((entry) => entry.contactId));
    const receivedCompanies = new Set(sentRows.map((entry) => entry.companyId));
    const followed = deals.filter(
      (deal) => deal.createdAt.getTime() >= launchedAt.getTime() && deal.createdAt.getTime() < windowEnd && ((deal.contactId !== null && receivedContacts.has(deal.contactId)) || receivedCompanies.has(deal.companyId)),
    );
    const wonCents = followed.filter((deal) => deal.won).reduce((sum, deal) => sum + deal.amountCents, 0);

    expect(results).toMatchObject({
      targeted: generated.length,
      recipients: sentRows.length,
      excludedTotal: generated.length - sentRows.length,
      sent: sentRows.length,
      delivered,
      bouncedHard: hard,
      bouncedSoft: sentRows.filter((entry) => entry.soft).length,
      uniqueOpens: opened,
      uniqueClicks: clicked,
      unsubscribes: sentRows.filter((entry) => entry.unsubscribed).length,
      complaints: sentRows.filter((entry) => entry.complained).length,
      replies: sentRows.filter((entry) => entry.replied).length,
      deals: { created: followed.length, createdCents: followed.reduce((sum, deal) => sum + deal.amountCents, 0), won: followed.filter((deal) => deal.won).length, wonCents },
      costPerRecipientCents: Math.round(costCents / sentRows.length),
    });
    expect(results!.openRate).toBeCloseTo(opened / delivered, 10);
    expect(results!.clickRate).toBeCloseTo(clicked / delivered, 10);
    expect(results!.roi).toBeCloseTo((wonCents - costCents) / costCents, 10);
    expect(Object.fromEntries(results!.excluded.map((entry) => [entry.reason, entry.count]))).toEqual(excludedBy);
    for (let position = 0; position < linkCount; position++) {
      const link = results!.links.find((entry) => entry.position === position)!;
      expect(link.uniqueClicks).toBe(sentRows.filter((entry) => entry.clicks.has(position)).length);
      expect(link.totalClicks).toBe(sentRows.reduce((sum, entry) => sum + (entry.clicks.get(position) ?? 0), 0));
    }
    // Over time: each first open / first click in its bucket, and the buckets add up.
    const opensPerBucket = new Map<number, number>();
    for (const entry of sentRows) if (entry.opened) opensPerBucket.set(bucketIndex(launchedAt, entry.opened)!, (opensPerBucket.get(bucketIndex(launchedAt, entry.opened)!) ?? 0) + 1);
    results!.overTime.forEach((bucket, index) => expect(bucket.opens, `bucket ${index}`).toBe(opensPerBucket.get(index) ?? 0));
    expect(results!.overTime.reduce((sum, bucket) => sum + bucket.clicks, 0)).toBe(clicked);
    expect(results!.overTime.slice(0, 48).every((bucket) => bucket.unit === "hour")).toBe(true);
    expect(results!.overTime.slice(48).every((bucket) => bucket.unit === "day")).toBe(true);
  });

  it("an unknown campaign has no results", async () => {
    expect(await campaignResults("inexistante")).toBeNull();
  });
});

describe("who sees what", () => {
  async function signedIn(role: "marketing" | "sales" | "technician" | "manager") {
    const user = await aUser({ role });
    const session = new HttpSession(app.url);
    await session.signIn(user.email, TEST_PASSWORD);
    return { user, session };
  }

  it("marketing reads the results and exports the recipients (streamed CSV, audited)", async () => {
    const { user, session } = await signedIn("marketing");
    const page = await session.get(`/marketing/campagnes/${campaignId}/resultats`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Résultats de « Automne »");
    expect(html).toContain("destinataires.csv");
    const csv = await fetch(new URL(`/marketing/campagnes/${campaignId}/resultats/destinataires.csv`, app.url), { headers: { Cookie: session.cookieHeader() }, redirect: "manual" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("Adresse;Contact;Entreprise;Statut;Motif d'exclusion;Envoyé le;Ouvert le;Cliqué le;Désinscrit le;Rebond le;A répondu\r\n")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(generated.length + 1);
    const replied = lines.filter((line) => line.endsWith(";oui")).length;
    expect(replied).toBe(generated.filter((entry) => entry.replied).length);
    expect(await db().auditLog.count({ where: { action: "campaign.recipients_exported", actorId: user.id, entityId: campaignId } })).toBe(1);
  });

  it("sales read the results but get neither the export link nor the CSV", async () => {
    const { session } = await signedIn("sales");
    const page = await session.get(`/marketing/campagnes/${campaignId}/resultats`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("destinataires.csv");
    expect((await session.get(`/marketing/campagnes/${campaignId}/resultats/destinataires.csv`)).status).toBe(403);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 403 });
  });

  it("technicians see neither", async () => {
    const { session } = await signedIn("technician");
    expect((await session.get(`/marketing/campagnes/${campaignId}/resultats`)).status).toBe(403);
    expect((await session.get(`/marketing/campagnes/${campaignId}/resultats/destinataires.csv`)).status).toBe(403);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 403 });
  });

  it("a ticket opened by a reply names its campaign to those who read campaigns, only « a campaign » to technicians", async () => {
    const replied = generated.find((entry) => entry.replied)!;
    const reply = await db().campaignReply.findFirstOrThrow({ where: { recipientId: replied.recipientId }, select: { ticket: { select: { number: true } } } });
    const manager = (await signedIn("manager")).session;
    const html = await (await manager.get(`/support/tickets/${reply.ticket.number}`)).text();
    expect(html).toContain("Réponse à la campagne « Automne »");
    expect(html).toContain(`/marketing/campagnes/${campaignId}/resultats`);
    const technician = (await signedIn("technician")).session;
    const plain = await (await technician.get(`/support/tickets/${reply.ticket.number}`)).text();
    expect(plain).toContain("Réponse à une campagne marketing");
    expect(plain).not.toContain("Automne");
  });

  it("an unknown campaign is 404", async () => {
    const { session } = await signedIn("manager");
    expect((await session.get(`/marketing/campagnes/inexistante/resultats`)).status).toBe(404);
  });
});
