import { beforeAll, describe, expect, it } from "vitest";
import { fromZoned, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { mergeCompanies } from "~/domain/customers/merge.server";
import { reportContext } from "~/domain/reporting/dashboard.server";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { periodContaining, periodRange, type ReportPeriod } from "~/domain/reporting/report-period";
import type { Figure, ReportViewer, SectionData } from "~/domain/reporting/report-section";
import { loyaltySection } from "~/domain/reporting/sections/loyalty.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aCustomerTicket } from "../support/customers-factories.ts";
import { aGroup, aUser } from "../support/factories.ts";
import { DAY, ZONE, aQuote, anInstant, anOrder, daysOf, localDay, seeded } from "../support/reporting-sales-factories.ts";

/**
 * The "Fidélisation" section against brute force: contracts generated around the periods' edges
 * (start, end and cancellation days on both sides of a period's first and last days, across the
 * March and October clock changes), explicit renewals lapsed with and without a successor,
 * orders for the active customers, critical incidents, a deleted company and merged companies;
 * the brute force works in plain workspace days (Intl), not with the code's instants.
 */

const now = new Date("2026-11-18T10:00:00Z");
let manager: ReportViewer;
let reps: ReportViewer[];
let technician: ReportViewer;
let restrictedGroup: string;
const asViewer = (user: { id: string; role: string; restrictToGroups: boolean }): ReportViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });

const periods: Record<string, ReportPeriod> = {
  "March 2026 (clocks forward on the 29th)": periodContaining("month", { year: 2026, month: 3, day: 10 }),
  "the week of the October change": periodContaining("week", { year: 2026, month: 10, day: 25 }),
  "Q4 2026 (current)": periodContaining("quarter", { year: 2026, month: 11, day: 18 }),
  "2026": periodContaining("year", { year: 2026, month: 1, day: 1 }),
  "Q3 2026": periodContaining("quarter", { year: 2026, month: 8, day: 1 }),
};

const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const midnight = (day: string) => fromZoned(parseIsoDate(day)!, 0, ZONE);

beforeAll(async () => {
  manager = asViewer(await aUser({ role: "manager" }));
  reps = [asViewer(await aUser({ role: "sales", name: "Anne" })), asViewer(await aUser({ role: "sales", name: "Bruno" }))];
  technician = asViewer(await aUser({ role: "technician" }));
  const owners = [...reps, manager];
  const companies = await Promise.all(Array.from({ length: 40 }, (_, index) => aCompany({ name: `Client ${String(index).padStart(2, "0")}`, ownerId: owners[index % owners.length]!.id })));
  const next = seeded(2024);
  // Days near the periods' edges, so that off-by-one-day mistakes show.
  const edges = ["2025-03-01", "2025-10-26", "2026-01-01", "2026-03-01", "2026-03-29", "2026-04-01", "2026-07-01", "2026-10-01", "2026-10-19", "2026-10-26", "2026-11-18", "2027-01-01"];
  const aDay = () => (next() < 0.6 ? plusDays(edges[Math.floor(next() * edges.length)]!, Math.floor(next() * 5) - 2) : plusDays("2024-06-01", Math.floor(next() * 1000)));
  for (let index = 0; index < 220; index += 1) {
    const company = companies[Math.floor(next() * 30)]!;
    const start = aDay();
    const end = next() < 0.5 ? aDay() : plusDays(start, 364);
    const [first, last] = start <= end ? [start, end] : [end, start];
    const cancelled = next() < 0.35 ? aDay() : null;
    await db().contract.create({
      data: {
        companyId: company.id,
        ownerId: owners[Math.floor(next() * owners.length)]!.id,
        title: `Contrat ${index}`,
        startDate: midnight(first),
        endDate: midnight(last),
        yearlyAmountCents: 100_000 + index,
        renewal: next() < 0.55 ? "explicit" : "tacit",
        cancelledAt: cancelled && cancelled > first ? midnight(cancelled) : null,
        cancellationReason: cancelled && cancelled > first ? "Prix" : "",
        status: cancelled && cancelled > first ? "cancelled" : "active",
      },
    });
  }
  // The successor rule's edges: a lapsed renewal followed by a new contract 30 days after its
  // end day (kept), another 31 days after (lost), and one cancelled then replaced the next day.
  for (const [index, gap, cancel] of [[30, 30, false], [31, 31, false], [32, 1, true]] as const) {
    const company = companies[index]!;
    await db().contract.create({ data: { companyId: company.id, ownerId: manager.id, title: "Ancien", startDate: midnight("2025-07-01"), endDate: midnight("2026-06-30"), yearlyAmountCents: 1, renewal: cancel ? "tacit" : "explicit", cancelledAt: cancel ? midnight("2026-05-01") : null } });
    const start = cancel ? "2026-05-02" : plusDays("2026-06-30", gap);
    await db().contract.create({ data: { companyId: company.id, ownerId: manager.id, title: "Nouveau", startDate: midnight(start), endDate: midnight(plusDays(start, 364)), yearlyAmountCents: 1, renewal: "tacit" } });
  }
  for (let index = 0; index < 120; index += 1) {
    const company = companies[Math.floor(next() * companies.length)]!;
    const ownerId = owners[index % owners.length]!.id;
    const orderedAt = anInstant(next, new Date("2024-10-01T00:00:00Z"), 780);
    const quote = await aQuote({ companyId: company.id, ownerId, sentAt: orderedAt, acceptedAt: orderedAt, totalExclCents: 50_000 });
    await anOrder({ quoteId: quote.id, companyId: company.id, ownerId, orderedAt, totalExclCents: 50_000 });
  }
  // Tickets: open and solved, urgent to low, incidents and questions; one group's tickets hidden from a restricted technician.
  const group = await aGroup();
  restrictedGroup = group.id;
  for (let index = 0; index < 90; index += 1) {
    const company = companies[Math.floor(next() * companies.length)]!;
    const contact = await aContact({ companyId: company.id });
    const ticket = await aCustomerTicket(contact, { status: ["open", "new", "pending_customer", "solved", "closed"][index % 5]!, createdAt: new Date(now.getTime() - Math.floor(next() * 200) * DAY), groupId: index % 4 === 0 ? group.id : null });
    await db().ticket.update({ where: { id: ticket.id }, data: { priority: ["urgent", "high", "normal", "low"][Math.floor(next() * 4)]!, type: ["incident", "complaint", "information"][Math.floor(next() * 3)]! } });
  }
  await db().company.delete({ where: { id: companies[39]!.id } });
  await mergeCompanies({ keepId: companies[2]!.id, mergeId: companies[3]!.id, actorId: manager.id });
}, 120_000);

type Plain = { id: string; companyId: string; ownerId: string; start: string; end: string; renewal: string; cancelled: string | null };

async function plainContracts(ownerId: string | null): Promise<{ mine: Plain[]; all: Plain[] }> {
  const rows = await db().contract.findMany({ select: { id: true, companyId: true, ownerId: true, startDate: true, endDate: true, renewal: true, cancelledAt: true } });
  const all = rows.map((row) => ({ id: row.id, companyId: row.companyId, ownerId: row.ownerId, start: localDay(row.startDate), end: localDay(row.endDate), renewal: row.renewal, cancelled: row.cancelledAt ? localDay(row.cancelledAt) : null }));
  return { mine: ownerId ? all.filter((row) => row.ownerId === ownerId) : all, all };
}

/** In force on a day (at its midnight): started, not cancelled from that day, and a tacit renewal or an end day not passed. */
const inForceOn = (contract: Plain, day: string) => contract.start <= day && (!contract.cancelled || contract.cancelled > day) && (contract.renewal === "tacit" || contract.end >= day);

function bruteChurn(contracts: { mine: Plain[]; all: Plain[] }, period: ReportPeriod) {
  const [first, last] = daysOf(period);
  const today = localDay(now);
  const base = contracts.mine.filter((contract) => inForceOn(contract, first));
  const lost: Array<{ contract: Plain; customerLost: boolean }> = [];
  for (const contract of base) {
    // The last day it covers, and how it ended.
    let lastDay: string | null = null;
    let kind: "cancelled" | "not_renewed" | null = null;
    if (contract.renewal === "explicit" && contract.end < today && !(contract.cancelled && contract.cancelled <= plusDays(contract.end, 1))) {
      lastDay = contract.end;
      kind = "not_renewed";
    } else if (contract.cancelled) {
      lastDay = plusDays(contract.cancelled, -1);
      kind = "cancelled";
    }
    if (!lastDay || lastDay < first || lastDay > last) continue;
    const uncovered = plusDays(lastDay, 1);
    const successor = contracts.all.some(
      (other) => other.id !== contract.id && other.companyId === contract.companyId && other.start <= plusDays(lastDay!, 30) && (!other.cancelled || other.cancelled > uncovered) && (other.renewal === "tacit" || other.end >= uncovered),
    );
    if (kind === "not_renewed" && successor) continue;
    lost.push({ contract, customerLost: !successor });
  }
  return { base: base.length, lost, rate: base.length === 0 ? null : lost.length / base.length, customers: new Set(lost.filter((entry) => entry.customerLost).map((entry) => entry.contract.companyId)).size };
}

async function bruteActive(ownerId: string | null, period: ReportPeriod, contracts: Plain[]) {
  const range = periodRange(period, ZONE);
  const at = new Date(Math.min(range.to.getTime(), now.getTime()));
  const orders = await db().order.findMany({ where: ownerId ? { ownerId } : {}, select: { companyId: true, orderedAt: true } });
  const companies = new Set(orders.filter((order) => order.orderedAt.getTime() >= at.getTime() - 365 * DAY && order.orderedAt < at).map((order) => order.companyId));
  // At a moment inside a day: in force if started by then, not cancelled by then, end day not before that day.
  const day = localDay(at);
  for (const contract of contracts) {
    const started = midnight(contract.start) <= at;
    const notCancelled = !contract.cancelled || midnight(contract.cancelled) > at;
    if (started && notCancelled && (contract.renewal === "tacit" || contract.end >= day)) companies.add(contract.companyId);
  }
  return companies.size;
}

async function section(viewer: ReportViewer, period: ReportPeriod): Promise<SectionData> {
  const data = await loyaltySection.load(reportContext(viewer, period, now));
  expect(data).not.toBeNull();
  return data!;
}
const figureOf = (data: SectionData, id: string): Figure => data.figures.find((figure) => figure.id === id)!;

describe("loyalty figures against brute force", () => {
  it.each(Object.entries(periods))("over %s, for the team and for a rep", async (_name, period) => {
    for (const viewer of [manager, reps[0]!]) {
      const ownerId = viewer.role === "sales" ? viewer.id : null;
      const contracts = await plainContracts(ownerId);
      const context = reportContext(viewer, period, now);
      const data = await section(viewer, period);
      for (const [which, compared] of [["value", period], ["previous", context.previous], ["lastYear", context.lastYear]] as const) {
        const plain = bruteChurn(contracts, compared);
        expect(figureOf(data, "loyalty.contractsAtStart")[which], `${which} base`).toBe(plain.base);
        expect(figureOf(data, "loyalty.contractsLost")[which], `${which} lost`).toBe(plain.lost.length);
        expect(figureOf(data, "loyalty.churnRate")[which], `${which} rate`).toBe(plain.rate);
        expect(figureOf(data, "loyalty.lostCustomers")[which], `${which} customers`).toBe(plain.customers);
        expect(figureOf(data, "loyalty.activeCustomers")[which], `${which} active`).toBe(await bruteActive(ownerId, compared, contracts.mine));
      }
    }
  });

  it("the generated data has lost contracts of both kinds and lapsed renewals kept by a successor", async () => {
    const contracts = await plainContracts(null);
    const year = bruteChurn(contracts, periods["2026"]!);
    expect(year.lost.length).toBeGreaterThan(3);
    expect(year.lost.some((entry) => entry.contract.cancelled)).toBe(true);
    expect(year.lost.some((entry) => !entry.contract.cancelled || entry.contract.renewal === "explicit")).toBe(true);
    expect(year.lost.some((entry) => !entry.customerLost)).toBe(true);
  });

  it("counts customers with an open urgent or high incident or complaint, among the tickets the viewer may read", async () => {
    const tickets = await db().ticket.findMany({ select: { companyId: true, status: true, priority: true, type: true, groupId: true, company: { select: { ownerId: true } } } });
    const critical = tickets.filter((ticket) => ticket.companyId && ["new", "open", "pending_customer", "on_hold"].includes(ticket.status) && ["urgent", "high"].includes(ticket.priority) && ["incident", "complaint"].includes(ticket.type));
    const count = (rows: typeof critical) => new Set(rows.map((ticket) => ticket.companyId)).size;
    const data = await section(manager, periods["2026"]!);
    expect(figureOf(data, "loyalty.criticalCustomers").value).toBe(count(critical));
    expect(count(critical)).toBeGreaterThan(2);
    // A manager restricted to one group counts only that group's tickets.
    const restricted = asViewer(await aUser({ role: "manager", restrictToGroups: true, groupIds: [restrictedGroup] }));
    const narrowed = await section(restricted, periods["2026"]!);
    expect(figureOf(narrowed, "loyalty.criticalCustomers").value).toBe(count(critical.filter((ticket) => ticket.groupId === restrictedGroup)));
    expect(figureOf(narrowed, "loyalty.criticalCustomers").value).toBeLessThan(count(critical));
    expect(figureOf(narrowed, "loyalty.criticalCustomers").value).toBeGreaterThan(0);
    const list = await reportDrillDowns.get("loyalty.criticalCustomers")!.list(reportContext(restricted, periods["2026"]!, now), { offset: 0, limit: null });
    expect(list.rows.reduce((sum, row) => sum + Number(row.cells.tickets), 0)).toBe(critical.filter((ticket) => ticket.groupId === restrictedGroup).length);
    const own = await section(reps[1]!, periods["2026"]!);
    expect(figureOf(own, "loyalty.criticalCustomers").value).toBe(count(critical.filter((ticket) => ticket.company?.ownerId === reps[1]!.id)));
  });

  it("lists each lost customer once with their last tickets, and is not shown to technicians", async () => {
    const data = await section(manager, periods["2026"]!);
    const table = data.tables.find((candidate) => candidate.id === "loyalty.lostCustomers")!;
    expect(table.total).toBe(figureOf(data, "loyalty.lostCustomers").value);
    expect(new Set(table.rows.map((row) => row.href)).size).toBe(table.rows.length);
    expect(table.rows.some((row) => String(row.cells.tickets ?? "").startsWith("#"))).toBe(true);
    // Each with its three most recently active tickets, as a plain sort says.
    for (const row of table.rows) {
      const companyId = row.href!.split("/").pop()!;
      const tickets = await db().ticket.findMany({ where: { companyId }, select: { id: true, number: true, subject: true, lastMessageAt: true } });
      tickets.sort((a, b) => (b.lastMessageAt?.getTime() ?? -Infinity) - (a.lastMessageAt?.getTime() ?? -Infinity) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
      expect(row.cells.tickets).toBe(tickets.slice(0, 3).map((ticket) => `#${ticket.number} ${ticket.subject}`).join(" · ") || null);
    }
    // A manager restricted to a group sees only that group's tickets there.
    const restricted = asViewer(await aUser({ role: "manager", restrictToGroups: true, groupIds: [restrictedGroup] }));
    const narrowed = (await section(restricted, periods["2026"]!)).tables[0]!;
    for (const row of narrowed.rows) {
      const companyId = row.href!.split("/").pop()!;
      const visible = await db().ticket.findMany({ where: { companyId, groupId: restrictedGroup }, select: { number: true } });
      for (const number of [...String(row.cells.tickets ?? "").matchAll(/#(\d+)/g)].map((match) => Number(match[1]))) expect(visible.map((ticket) => ticket.number)).toContain(number);
    }
    expect(loyaltySection.shownTo(technician)).toBe(false);
    for (const drillDown of reportDrillDowns.values()) if (drillDown.id.startsWith("loyalty.")) expect(drillDown.shownTo(technician)).toBe(false);
  });
});

describe("loyalty drill-downs list exactly what their figure counts", () => {
  it.each(Object.entries(periods))("over %s", async (_name, period) => {
    for (const viewer of [manager, reps[0]!]) {
      const context = reportContext(viewer, period, now);
      const data = await section(viewer, period);
      for (const figure of data.figures.filter((candidate) => candidate.drillDown)) {
        const all = await reportDrillDowns.get(figure.id)!.list(context, { offset: 0, limit: null });
        expect(all.rows).toHaveLength(all.total);
        if (figure.format === "count") expect(all.total, figure.id).toBe(figure.value);
        else expect(all.total, figure.id).toBe(figureOf(data, "loyalty.contractsLost").value);
        const page = await reportDrillDowns.get(figure.id)!.list(context, { offset: 1, limit: 2 });
        expect(page.rows).toEqual(all.rows.slice(1, 3));
      }
    }
  });
});
