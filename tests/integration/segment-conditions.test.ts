import { beforeAll, describe, expect, it } from "vitest";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { postalPrefixes } from "~/domain/marketing/segments/conditions/company-conditions";
import { monthsBefore } from "~/domain/marketing/segments/conditions/sales-conditions";
import { prioritiesFrom } from "~/domain/marketing/segments/conditions/service-conditions";
import type { SegmentCondition, SegmentDefinition } from "~/domain/marketing/segments/segment-definition";
import { segmentContactIds } from "~/domain/marketing/segments/segment-evaluation.server";
import { startOfWorkspaceDay } from "~/domain/sales/document-dates";
import { dayStart } from "~/domain/marketing/segments/conditions/condition-params";
import { aSegmentWorld, type World, type WorldContact } from "../support/segment-world";

/**
 * Each condition kind's SQL against a brute-force evaluation in JavaScript over a seeded random
 * customer base, alone, negated, and combined with AND / OR.
 */

const DAY = 86_400_000;
type Params = Record<string, any>;
type Check = (contact: WorldContact, params: Params, world: World) => boolean;

const open = (status: string) => (unresolvedStatuses as readonly string[]).includes(status);
const ownTickets = (world: World, contact: WorldContact) => world.tickets.filter((ticket) => !ticket.merged && ticket.requesterId === contact.id);
const companyTickets = (world: World, contact: WorldContact) =>
  world.tickets.filter((ticket) => !ticket.merged && (ticket.requesterId === contact.id || (contact.companyId !== null && ticket.companyId === contact.companyId)));
const companyOf = (world: World, contact: WorldContact) => world.companies.find((company) => company.id === contact.companyId) ?? null;
const stageKind = (world: World, stageId: string) => world.stages.find((stage) => stage.id === stageId)!.kind;

const checks: Record<string, Check> = {
  "contact.language": (contact, { language }) => contact.language === language,
  "contact.jobTitle": (contact, { text }) => contact.jobTitle.toLowerCase().includes(text.trim().toLowerCase()),
  "contact.created": (contact, params, world) =>
    params.when === "within"
      ? contact.createdAt.getTime() >= world.now.getTime() - params.days * DAY
      : params.when === "before"
        ? contact.createdAt < dayStart(params.day)
        : contact.createdAt >= dayStart(params.day),
  "company.sector": (contact, { sectors }, world) => sectors.includes(companyOf(world, contact)?.sector),
  "company.size": (contact, { sizes }, world) => sizes.includes(companyOf(world, contact)?.size),
  "company.city": (contact, { city }, world) => (companyOf(world, contact)?.city.trim().toLowerCase() ?? null) === city.trim().toLowerCase(),
  "company.postalCode": (contact, { code }, world) => {
    const company = companyOf(world, contact);
    return company !== null && postalPrefixes(code.toUpperCase()).some((prefix) => company.postalCode.startsWith(prefix));
  },
  "company.lifecycleStage": (contact, { stages }, world) => stages.includes(companyOf(world, contact)?.lifecycleStage),
  "company.owner": (contact, { ownerId }, world) => companyOf(world, contact)?.ownerId === ownerId,
  "service.tickets": (contact, params, world) => {
    const since = world.now.getTime() - params.days * DAY;
    const count = ownTickets(world, contact).filter(
      (ticket) =>
        ticket.createdAt.getTime() >= since &&
        (!params.types?.length || params.types.includes(ticket.type)) &&
        (!params.channels?.length || params.channels.includes(ticket.channel)),
    ).length;
    return params.comparison === "none" ? count === 0 : count >= params.count;
  },
  "service.openTickets": (contact, _params, world) => ownTickets(world, contact).some((ticket) => open(ticket.status)),
  "service.openIncident": (contact, { minPriority }, world) =>
    companyTickets(world, contact).some((ticket) => ticket.type === "incident" && open(ticket.status) && prioritiesFrom(minPriority).includes(ticket.priority)),
  "service.slaBreaches": (contact, { days, count }, world) => {
    const since = world.now.getTime() - days * DAY;
    const now = world.now.getTime();
    const breached = companyTickets(world, contact).filter((ticket) => {
      if (ticket.createdAt.getTime() < since) return false;
      const t = ticket;
      return (
        (t.firstResponseDueAt !== null && t.firstRespondedAt !== null && t.firstRespondedAt > t.firstResponseDueAt) ||
        (t.firstResponseDueAt !== null && t.firstResponseDueAt.getTime() < now && t.firstRespondedAt === null && open(t.status)) ||
        (t.resolutionDueAt !== null && t.solvedAt !== null && t.solvedAt > t.resolutionDueAt) ||
        (t.resolutionDueAt !== null && t.resolutionDueAt.getTime() < now && t.solvedAt === null && t.slaPausedSince === null && open(t.status))
      );
    });
    return breached.length >= (count ?? 1);
  },
  "service.lastRating": (contact, { rating }, world) => {
    const last = world.ratings
      .filter((entry) => entry.contactId === contact.id)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id > a.id ? 1 : -1))[0];
    return last?.rating === rating;
  },
  "sales.openDeal": (contact, { stageIds }, world) => world.deals.some((deal) => deal.companyId === contact.companyId && stageKind(world, deal.stageId) === "open" && stageIds.includes(deal.stageId)),
  "sales.wonAmount": (contact, { minEuros, months }, world) => {
    const since = monthsBefore(world.now, months);
    const sum = world.deals
      .filter((deal) => deal.companyId === contact.companyId && stageKind(world, deal.stageId) === "won" && deal.closedAt !== null && deal.closedAt >= since)
      .reduce((total, deal) => total + deal.amountCents, 0);
    return sum >= minEuros * 100;
  },
  "sales.lastOrder": (contact, params, world) => {
    const dates = world.orders.filter((order) => order.companyId === contact.companyId).map((order) => order.orderedAt.getTime());
    if (params.when === "never") return dates.length === 0;
    if (dates.length === 0) return false;
    const since = world.now.getTime() - params.days * DAY;
    return params.when === "within" ? Math.max(...dates) >= since : Math.max(...dates) < since;
  },
  "sales.contract": (contact, params, world) => {
    const today = startOfWorkspaceDay(world.now).getTime();
    return world.contracts.some((contract) => {
      if (contract.companyId !== contact.companyId) return false;
      if (params.state === "cancelled") return contract.cancelledAt !== null;
      if (contract.cancelledAt !== null) return false;
      if (params.state === "active") return contract.startDate <= world.now && (contract.renewal === "tacit" || contract.endDate.getTime() >= today);
      return contract.endDate.getTime() >= today && contract.endDate.getTime() <= world.now.getTime() + params.days * DAY;
    });
  },
  "marketing.consentState": (contact, { states }) => states.includes(contact.consent ?? "none"),
  "marketing.campaign": (contact, { campaignId, event }, world) =>
    world.recipients.some(
      (recipient) =>
        recipient.contactId === contact.id &&
        recipient.campaignId === campaignId &&
        recipient.status !== "bounced" &&
        (event === "received" ? recipient.sentAt : event === "opened" ? recipient.firstOpenedAt : recipient.firstClickedAt) !== null,
    ),
};

function evaluate(world: World, contact: WorldContact, definition: SegmentDefinition): boolean {
  const condition = (entry: SegmentCondition) => {
    const met = checks[entry.kind](contact, entry.params as Params, world);
    return entry.negate ? !met : met;
  };
  const groups = definition.groups.filter((group) => group.conditions.length > 0).map((group) => (group.match === "all" ? group.conditions.every(condition) : group.conditions.some(condition)));
  return definition.match === "all" ? groups.every(Boolean) : groups.some(Boolean);
}

let world: World;
beforeAll(async () => {
  world = await aSegmentWorld(11);
}, 60_000);

async function sqlMatches(definition: SegmentDefinition): Promise<string[]> {
  const ids: string[] = [];
  let afterId: string | null = null;
  for (;;) {
    const page = await segmentContactIds(definition, { afterId, limit: 500 }, world.now);
    ids.push(...page);
    if (page.length < 500) break;
    afterId = page[page.length - 1];
  }
  const ours = new Set(world.contacts.map((contact) => contact.id));
  return ids.filter((id) => ours.has(id)).sort();
}

async function expectSame(definition: SegmentDefinition) {
  const expected = world.contacts.filter((contact) => evaluate(world, contact, definition)).map((contact) => contact.id).sort();
  expect(await sqlMatches(definition), JSON.stringify(definition)).toEqual(expected);
  return expected.length;
}

/** Each condition alone and negated; the cases must select someone and leave someone out (else they prove little). */
async function checkFamily(cases: SegmentCondition[]) {
  let selective = 0;
  for (const condition of cases) {
    const matched = await expectSame({ match: "all", groups: [{ match: "all", conditions: [condition] }] });
    await expectSame({ match: "all", groups: [{ match: "all", conditions: [{ ...condition, negate: true }] }] });
    if (matched > 0 && matched < world.contacts.length) selective += 1;
  }
  expect(selective).toBeGreaterThanOrEqual(Math.ceil(cases.length / 2));
}

const c = (kind: string, params: Params): SegmentCondition => ({ kind, params });

describe("segment conditions: SQL equals the brute-force evaluation", () => {
  it("contact family", async () => {
    await checkFamily([
      c("contact.language", { language: "en" }),
      c("contact.jobTitle", { text: "DIRECT" }),
      c("contact.jobTitle", { text: "50%_" }),
      c("contact.jobTitle", { text: "%" }),
      c("contact.created", { when: "before", day: "2026-01-01" }),
      c("contact.created", { when: "since", day: "2026-06-15" }),
      c("contact.created", { when: "within", days: 120 }),
    ]);
  });

  it("company family", async () => {
    await checkFamily([
      c("company.sector", { sectors: ["industry"] }),
      c("company.sector", { sectors: ["commerce", "services"] }),
      c("company.size", { sizes: ["10-49", "250+"] }),
      c("company.city", { city: "LYON" }),
      c("company.postalCode", { code: "69" }),
      c("company.postalCode", { code: "2A" }),
      c("company.postalCode", { code: "2b" }),
      c("company.postalCode", { code: "974" }),
      c("company.postalCode", { code: "75011" }),
      c("company.lifecycleStage", { stages: ["client"] }),
      c("company.owner", { ownerId: world.owners[0], ownerName: "Commercial 0" }),
    ]);
  });

  it("service family", async () => {
    await checkFamily([
      c("service.tickets", { comparison: "none", days: 90 }),
      c("service.tickets", { comparison: "at_least", count: 2, days: 120 }),
      c("service.tickets", { comparison: "at_least", count: 1, days: 180, types: ["incident", "complaint"], channels: ["email"] }),
      c("service.tickets", { comparison: "none", days: 60, channels: ["phone"] }),
      c("service.openTickets", {}),
      c("service.openIncident", { minPriority: "high" }),
      c("service.openIncident", { minPriority: "low" }),
      c("service.slaBreaches", { days: 90 }),
      c("service.slaBreaches", { days: 180, count: 3 }),
      c("service.lastRating", { rating: "good" }),
      c("service.lastRating", { rating: "bad" }),
    ]);
  });

  it("sales family", async () => {
    const [openA, openB] = world.stages.filter((stage) => stage.kind === "open").map((stage) => stage.id);
    const won = world.stages.find((stage) => stage.kind === "won")!.id;
    await checkFamily([
      c("sales.openDeal", { stageIds: [openA] }),
      c("sales.openDeal", { stageIds: [openA, openB, won] }),
      c("sales.wonAmount", { minEuros: 1000, months: 12 }),
      c("sales.wonAmount", { minEuros: 0, months: 1 }),
      c("sales.lastOrder", { when: "within", days: 180 }),
      c("sales.lastOrder", { when: "older", days: 180 }),
      c("sales.lastOrder", { when: "never" }),
      c("sales.contract", { state: "active" }),
      c("sales.contract", { state: "cancelled" }),
      c("sales.contract", { state: "renewing", days: 120 }),
    ]);
  });

  it("marketing family", async () => {
    await checkFamily([
      c("marketing.consentState", { states: ["opt_in", "b2b_interest"] }),
      c("marketing.consentState", { states: ["none"] }),
      c("marketing.consentState", { states: ["unsubscribed", "bounced", "complained"] }),
      c("marketing.campaign", { campaignId: world.campaigns[0], event: "received" }),
      c("marketing.campaign", { campaignId: world.campaigns[0], event: "opened" }),
      c("marketing.campaign", { campaignId: world.campaigns[1], event: "clicked" }),
    ]);
  });

  it("AND / OR groups with negations across families", async () => {
    const definitions: SegmentDefinition[] = [
      {
        match: "all",
        groups: [
          { match: "all", conditions: [c("company.sector", { sectors: ["industry", "services"] })] },
          { match: "any", conditions: [c("service.tickets", { comparison: "none", days: 90 }), c("service.lastRating", { rating: "good" })] },
          { match: "all", conditions: [{ ...c("service.openIncident", { minPriority: "high" }), negate: true }] },
        ],
      },
      {
        match: "any",
        groups: [
          { match: "all", conditions: [c("sales.wonAmount", { minEuros: 1000, months: 12 }), c("marketing.consentState", { states: ["opt_in"] })] },
          { match: "any", conditions: [{ ...c("sales.lastOrder", { when: "never" }), negate: true }, c("contact.language", { language: "en" })] },
        ],
      },
      {
        match: "all",
        groups: [
          { match: "any", conditions: [c("sales.contract", { state: "active" }), { ...c("company.postalCode", { code: "75" }), negate: true }] },
          { match: "all", conditions: [] },
          { match: "all", conditions: [{ ...c("service.slaBreaches", { days: 180 }), negate: true }, c("contact.created", { when: "before", day: "2026-09-01" })] },
        ],
      },
    ];
    for (const definition of definitions) await expectSame(definition);
  });
});
