import { beforeAll, describe, expect, it } from "vitest";
import { toZoned, weekdayIndex } from "~/domain/helpdesk/sla/business-calendar";
import { db } from "~/lib/db.server";
import { seedDemoWorkspace } from "../../prisma/seed/demo-workspace.ts";

const NOW = new Date("2026-11-26T10:37:00.000Z"); // a Thursday morning

describe("demo workspace: SLA and planning", () => {
  beforeAll(async () => {
    await seedDemoWorkspace(db(), { passwordHash: "$2a$04$demo-hash-for-tests", now: NOW });
  }, 60_000);

  it("links every ticket to the workspace policy of its priority and pauses the tickets waiting on the customer", async () => {
    const tickets = await db().ticket.findMany({ select: { priority: true, slaPolicyId: true, status: true, slaPausedSince: true, lastAgentReplyAt: true } });
    for (const ticket of tickets) expect(ticket.slaPolicyId).toBe(`sla_default_${ticket.priority}`);
    const waiting = tickets.filter((ticket) => ticket.status === "pending_customer");
    expect(waiting.length).toBeGreaterThan(0);
    for (const ticket of waiting) expect(ticket.slaPausedSince).toEqual(ticket.lastAgentReplyAt);
    expect(tickets.filter((ticket) => ticket.status !== "pending_customer").every((ticket) => ticket.slaPausedSince === null)).toBe(true);
    // The workspace-wide policies (the demo Premium contract adds its own, company ones: sales-demo.ts).
    expect(await db().slaPolicy.count({ where: { companyId: null } })).toBe(4);
  });

  it("plans interventions for both technicians on working days, on open field tickets, without double booking", async () => {
    const interventions = await db().intervention.findMany({
      where: { status: "planned" },
      include: { technician: { select: { email: true } }, ticket: { select: { status: true, group: { select: { name: true } } } } },
      orderBy: { startsAt: "asc" },
    });
    expect(interventions.length).toBeGreaterThanOrEqual(5);
    expect(new Set(interventions.map((intervention) => intervention.technician.email))).toEqual(new Set(["tech@comptoir.test", "tech2@comptoir.test"]));
    for (const intervention of interventions) {
      expect(intervention.status).toBe("planned");
      expect(intervention.ticket.group?.name).toBe("Support N2 / Terrain");
      expect(["new", "open", "on_hold", "pending_customer"]).toContain(intervention.ticket.status);
      expect(weekdayIndex(toZoned(intervention.startsAt, "Europe/Paris").date)).toBeLessThan(5);
      expect(intervention.endsAt > intervention.startsAt).toBe(true);
      if (intervention.kind === "onsite") expect(intervention.address).not.toBe("");
    }
    for (const intervention of interventions) {
      const clash = interventions.find((other) => other.id !== intervention.id && other.technicianId === intervention.technicianId && other.startsAt < intervention.endsAt && other.endsAt > intervention.startsAt);
      expect(clash, intervention.id).toBeUndefined();
    }
    expect(interventions[0].startsAt).toEqual(new Date("2026-11-26T09:00:00+01:00"));
    expect(await db().ticketEvent.count({ where: { kind: "intervention_planned" } })).toBe(await db().intervention.count());
  });

  it("has the field group's past interventions: done and reported on working days between request and resolution, spread over the months", async () => {
    const done = await db().intervention.findMany({
      where: { status: "done" },
      include: { ticket: { select: { status: true, createdAt: true, solvedAt: true, group: { select: { name: true } } } } },
    });
    expect(done.length).toBeGreaterThanOrEqual(10);
    for (const intervention of done) {
      expect(intervention.ticket.group?.name).toBe("Support N2 / Terrain");
      expect(["solved", "closed"]).toContain(intervention.ticket.status);
      expect(intervention.startsAt > intervention.ticket.createdAt).toBe(true);
      expect(intervention.endsAt <= intervention.ticket.solvedAt!).toBe(true);
      expect(intervention.reportedAt! >= intervention.endsAt && intervention.reportedAt! <= intervention.ticket.solvedAt!).toBe(true);
      expect(intervention.report).not.toBe("");
      expect(intervention.endsAt < NOW).toBe(true);
      if (intervention.kind === "onsite") expect(intervention.address).not.toBe("");
    }
    const all = await db().intervention.findMany();
    for (const intervention of all) {
      const clash = all.find((other) => other.id !== intervention.id && other.technicianId === intervention.technicianId && other.startsAt < intervention.endsAt && other.endsAt > intervention.startsAt);
      expect(clash, intervention.id).toBeUndefined();
    }
    const months = new Set(done.map((intervention) => intervention.startsAt.toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(3);
    expect(await db().ticketEvent.count({ where: { kind: "intervention_reported" } })).toBe(done.length);
  });

  it("rates about two solved tickets in three, mostly good, some bad", async () => {
    const solved = await db().ticket.count({ where: { status: { in: ["solved", "closed"] } } });
    const ratings = await db().satisfactionRating.findMany({ select: { rating: true, comment: true } });
    expect(ratings.length / solved).toBeGreaterThan(0.55);
    expect(ratings.length / solved).toBeLessThan(0.85);
    const good = ratings.filter((rating) => rating.rating === "good").length / ratings.length;
    expect(good).toBeGreaterThan(0.7);
    expect(good).toBeLessThan(0.95);
    expect(ratings.some((rating) => rating.rating === "bad" && rating.comment !== "")).toBe(true);
  });
});
