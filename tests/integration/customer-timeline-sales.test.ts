import { beforeAll, describe, expect, it } from "vitest";
import { customerTimeline, type TimelineEntry } from "~/domain/customers/timeline.server";
import type { TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";

const at = (iso: string) => new Date(`${iso}Z`);
const viewerOf = (user: { id: string; role: string; restrictToGroups: boolean }): TicketViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });
const shape = (entries: TimelineEntry[]) => entries.map((entry) => `${entry.kind}:${entry.title}`);

/** The sales side of the unified timeline: deals, stage moves, activities, visits, quotes, orders. */
describe("customer timeline, sales entries", () => {
  let rep: TicketViewer;
  let otherRep: TicketViewer;
  let technician: TicketViewer;
  let marketing: TicketViewer;
  let company: { id: string };
  let contact: { id: string };

  beforeAll(async () => {
    rep = viewerOf(await aUser({ role: "sales" }));
    otherRep = viewerOf(await aUser({ role: "sales" }));
    technician = viewerOf(await aUser({ role: "technician" }));
    marketing = viewerOf(await aUser({ role: "marketing" }));
    company = await aCompany({ name: "Boulangerie Lemoine" });
    contact = await aContact({ firstName: "Julie", lastName: "Lemoine", companyId: company.id });

    const deal = await db().deal.create({
      data: { title: "Four à sole", companyId: company.id, contactId: contact.id, ownerId: rep.id, stageId: "stage_qualification", amountCents: 1_250_000, createdAt: at("2026-10-01T09:00:00") },
    });
    await db().dealStageChange.createMany({
      data: [
        { dealId: deal.id, fromStageId: null, toStageId: "stage_qualification", actorId: rep.id, at: at("2026-10-01T09:00:00") },
        { dealId: deal.id, fromStageId: "stage_qualification", toStageId: "stage_proposal", actorId: rep.id, at: at("2026-10-05T10:00:00") },
      ],
    });
    await db().deal.create({ data: { title: "Affaire d'un collègue", companyId: company.id, ownerId: otherRep.id, stageId: "stage_qualification", createdAt: at("2026-10-02T09:00:00") } });
    await db().activity.create({
      data: { kind: "call", subject: "Appel de découverte", ownerId: rep.id, startsAt: at("2026-10-03T14:00:00"), companyId: company.id, contactId: contact.id, dealId: deal.id, doneAt: at("2026-10-03T14:20:00") },
    });
    await db().visitReport.create({
      data: { companyId: company.id, contactId: contact.id, dealId: deal.id, authorId: rep.id, visitedAt: at("2026-10-04T10:00:00"), attendees: "Julie Lemoine", objectives: "Présenter le four", outcome: "Intéressée, devis attendu" },
    });
    const quote = await db().quote.create({
      data: {
        number: "DEV-2026-0001", companyId: company.id, contactId: contact.id, dealId: deal.id, ownerId: rep.id, status: "accepted",
        issueDate: at("2026-10-06T00:00:00"), validUntil: at("2026-11-05T00:00:00"), totalExclCents: 1_250_000, totalVatCents: 250_000, totalInclCents: 1_500_000,
        createdAt: at("2026-10-06T08:00:00"),
      },
    });
    await db().order.create({
      data: { number: "CMD-2026-0001", quoteId: quote.id, companyId: company.id, contactId: contact.id, dealId: deal.id, ownerId: rep.id, orderedAt: at("2026-10-07T08:00:00"), totalExclCents: 1_250_000, totalVatCents: 250_000, totalInclCents: 1_500_000 },
    });
  });

  it("shows the rep their own records of the company, newest first, each with its link", async () => {
    const page = await customerTimeline(rep, { companyId: company.id, limit: 50 });
    expect(shape(page.entries)).toEqual([
      "order:CMD-2026-0001",
      "quote:DEV-2026-0001",
      "deal_stage:Four à sole",
      "visit:Présenter le four",
      "activity:Appel de découverte",
      "deal:Four à sole",
    ]);
    const byKind = Object.fromEntries(page.entries.map((entry) => [entry.kind, entry]));
    expect(byKind.deal_stage?.meta).toMatchObject({ from: "Qualification", to: "Proposition", stageKind: "open" });
    expect(byKind.order?.meta).toMatchObject({ amountCents: "1250000", quote: "DEV-2026-0001" });
    expect(byKind.activity?.meta).toMatchObject({ activityKind: "call", done: "yes" });
    expect(byKind.quote?.link).toMatch(/^\/ventes\/devis\//);
  });

  it("gives managers' and support's view every rep's records, and marketing none", async () => {
    const technicianTitles = shape((await customerTimeline(technician, { companyId: company.id, limit: 50 })).entries);
    expect(technicianTitles).toContain("deal:Affaire d'un collègue");
    expect(technicianTitles).toContain("deal:Four à sole");
    expect(shape((await customerTimeline(otherRep, { companyId: company.id, limit: 50 })).entries)).toEqual(["deal:Affaire d'un collègue"]);
    expect((await customerTimeline(marketing, { companyId: company.id, limit: 50 })).entries).toEqual([]);
  });

  it("follows a contact through the records linked to them, and filters by kind", async () => {
    const page = await customerTimeline(rep, { contactId: contact.id, limit: 50, kinds: ["order", "visit"] });
    expect(shape(page.entries)).toEqual(["order:CMD-2026-0001", "visit:Présenter le four"]);
  });

  it("pages through sales entries with the same cursor as the rest", async () => {
    const first = await customerTimeline(rep, { companyId: company.id, limit: 4 });
    const second = await customerTimeline(rep, { companyId: company.id, limit: 4, cursor: first.nextCursor });
    expect(shape([...first.entries, ...second.entries])).toEqual(shape((await customerTimeline(rep, { companyId: company.id, limit: 50 })).entries));
    expect(second.nextCursor).toBeNull();
  });
});
