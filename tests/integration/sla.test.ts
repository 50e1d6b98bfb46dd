import { describe, expect, it } from "vitest";
import { defaultBusinessCalendar } from "~/domain/helpdesk/sla/business-calendar";
import {
  createCompanySlaPolicy,
  deleteCompanySlaPolicy,
  listSlaPolicies,
  saveBusinessCalendar,
  saveDefaultSlaPolicies,
  updateCompanySlaPolicy,
} from "~/domain/helpdesk/sla/sla-policies.server";
import { announceSlaDeadlines, loadBusinessCalendar, resolveSlaPolicy } from "~/domain/helpdesk/sla/sla.server";
import { addAgentMessage, addCustomerMessage, updateTicketFieldsInTransaction } from "~/domain/helpdesk/tickets.server";
import { DomainError } from "~/domain/errors";
import { db } from "~/lib/db.server";
import { aUser } from "../support/factories.ts";
import { aCompany, aTicketAt } from "../support/planning-factories.ts";
import { watchEvents } from "../support/events.ts";

const at = (text: string) => new Date(text);
const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

async function ticketSla(ticketId: string) {
  return db().ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: { status: true, priority: true, slaPolicyId: true, firstResponseDueAt: true, resolutionDueAt: true, slaPausedSince: true, slaPausedMinutes: true, version: true },
  });
}

async function slaEvents(ticketId: string) {
  const events = await db().ticketEvent.findMany({ where: { ticketId, kind: "sla" }, orderBy: { createdAt: "asc" } });
  return events.map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

describe("SLA policies", () => {
  it("a fresh database holds the workspace-wide policies (migration data step)", async () => {
    const policies = await db().slaPolicy.findMany({ where: { companyId: null }, orderBy: { firstResponseMinutes: "asc" } });
    expect(policies.map((policy) => [policy.id, policy.priority, policy.firstResponseMinutes, policy.resolutionMinutes, policy.active])).toEqual([
      ["sla_default_urgent", "urgent", 60, 240, true],
      ["sla_default_high", "high", 240, 510, true],
      ["sla_default_normal", "normal", 480, 1530, true],
      ["sla_default_low", "low", 510, 2550, true],
    ]);
  });

  it("a company's own policy wins for its tickets; others fall back to the workspace's", async () => {
    const admin = await aUser({ role: "admin" });
    const vip = await aCompany({ name: "Clinique du Parc" });
    const other = await aCompany();
    const { id } = await createCompanySlaPolicy({ companyId: vip.id, priority: "urgent", firstResponseMinutes: 15, resolutionMinutes: 120 }, admin.id);

    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: vip.id })).toMatchObject({ id, firstResponseMinutes: 15 });
    expect(await resolveSlaPolicy(db(), { priority: "high", companyId: vip.id })).toMatchObject({ id: "sla_default_high" });
    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: other.id })).toMatchObject({ id: "sla_default_urgent" });
    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: null })).toMatchObject({ id: "sla_default_urgent" });

    await expect(createCompanySlaPolicy({ companyId: vip.id, priority: "urgent", firstResponseMinutes: 30, resolutionMinutes: 60 }, admin.id)).rejects.toMatchObject({
      code: "planning.sla.companyPolicyExists",
      field: "priority",
    });
    await expect(createCompanySlaPolicy({ companyId: "nope", priority: "low", firstResponseMinutes: 30, resolutionMinutes: 60 }, admin.id)).rejects.toBeInstanceOf(DomainError);

    await updateCompanySlaPolicy(id, { firstResponseMinutes: 20, resolutionMinutes: 100 }, admin.id);
    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: vip.id })).toMatchObject({ id, firstResponseMinutes: 20, resolutionMinutes: 100 });
    const { companies } = await listSlaPolicies();
    expect(companies.find((policy) => policy.id === id)).toMatchObject({ companyName: "Clinique du Parc", priority: "urgent" });

    await deleteCompanySlaPolicy(id, admin.id);
    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: vip.id })).toMatchObject({ id: "sla_default_urgent" });
    const audit = await db().auditLog.findMany({ where: { entityId: id }, orderBy: { at: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["sla.policy.created", "sla.policy.updated", "sla.policy.deleted"]);
  });

  it("switching a priority off gives its new tickets no targets; its targets are kept for later", async () => {
    const admin = await aUser({ role: "admin" });
    await saveDefaultSlaPolicies([{ priority: "low", active: false }], admin.id);
    expect(await resolveSlaPolicy(db(), { priority: "low", companyId: null })).toBeNull();
    const ticket = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "low" });
    expect(await ticketSla(ticket.ticketId)).toMatchObject({ slaPolicyId: null, firstResponseDueAt: null, resolutionDueAt: null });

    await saveDefaultSlaPolicies([{ priority: "low", active: true, firstResponseMinutes: 600, resolutionMinutes: 3000 }], admin.id);
    expect(await resolveSlaPolicy(db(), { priority: "low", companyId: null })).toMatchObject({ firstResponseMinutes: 600, resolutionMinutes: 3000 });
    await saveDefaultSlaPolicies([{ priority: "low", active: true, firstResponseMinutes: 510, resolutionMinutes: 2550 }], admin.id);
  });
});

describe("due dates on tickets", () => {
  it("sets the policy and business-hour due dates at creation", async () => {
    const ticket = await aTicketAt(at("2026-03-13T17:00:00+01:00"), { priority: "urgent" });
    expect(await ticketSla(ticket.ticketId)).toMatchObject({
      slaPolicyId: "sla_default_urgent",
      firstResponseDueAt: at("2026-03-13T18:00:00+01:00"),
      resolutionDueAt: at("2026-03-16T11:30:00+01:00"),
      slaPausedSince: null,
      slaPausedMinutes: 0,
    });
  });

  it("uses the requester's company policy", async () => {
    const admin = await aUser({ role: "admin" });
    const company = await aCompany();
    const { id } = await createCompanySlaPolicy({ companyId: company.id, priority: "normal", firstResponseMinutes: 30, resolutionMinutes: 510 }, admin.id);
    const ticket = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "normal", companyId: company.id });
    expect(await ticketSla(ticket.ticketId)).toMatchObject({
      slaPolicyId: id,
      firstResponseDueAt: at("2026-03-09T10:30:00+01:00"),
      resolutionDueAt: at("2026-03-10T10:00:00+01:00"),
    });
  });

  it("pauses the resolution clock while waiting on the customer and pushes it by the business minutes waited", async () => {
    const agent = await aUser();
    const ticket = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "normal" });
    const before = await ticketSla(ticket.ticketId);
    expect(iso(before.resolutionDueAt)).toBe(iso(at("2026-03-12T10:00:00+01:00")));

    // The agent answers (status "pending customer" by default): the clock stops.
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: agent.id, visibility: "public", bodyText: "Pouvez-vous redémarrer ?", createdAt: at("2026-03-09T11:00:00+01:00") });
    const paused = await ticketSla(ticket.ticketId);
    expect(paused).toMatchObject({ status: "pending_customer", slaPausedSince: at("2026-03-09T11:00:00+01:00"), slaPausedMinutes: 0 });
    expect(iso(paused.resolutionDueAt)).toBe(iso(before.resolutionDueAt));

    // The customer answers the next morning: 11:00–12:30 + 13:30–18:00 + 08:30–09:30 = 420 business minutes.
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.requesterId, bodyText: "C'est fait, toujours en panne.", createdAt: at("2026-03-10T09:30:00+01:00") });
    const resumed = await ticketSla(ticket.ticketId);
    expect(resumed).toMatchObject({ status: "open", slaPausedSince: null, slaPausedMinutes: 420 });
    expect(iso(resumed.resolutionDueAt)).toBe(iso(at("2026-03-12T18:00:00+01:00")));
    expect(iso(resumed.firstResponseDueAt)).toBe(iso(before.firstResponseDueAt));
    expect(await slaEvents(ticket.ticketId)).toEqual([
      {
        reason: "resumed",
        policyId: "sla_default_normal",
        pausedMinutesAdded: 420,
        from: { firstResponseDueAt: iso(before.firstResponseDueAt), resolutionDueAt: iso(before.resolutionDueAt) },
        to: { firstResponseDueAt: iso(before.firstResponseDueAt), resolutionDueAt: iso(at("2026-03-12T18:00:00+01:00")) },
      },
    ]);
  });

  it("pauses and resumes on status changes made from the ticket's fields", async () => {
    const agent = await aUser();
    const ticket = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "high" });
    const update = async (changes: Parameters<typeof updateTicketFieldsInTransaction>[1]["changes"], now: string) => {
      const { version } = await ticketSla(ticket.ticketId);
      return db().$transaction((tx) => updateTicketFieldsInTransaction(tx, { ticketId: ticket.ticketId, expectedVersion: version, actorId: agent.id, changes, now: at(now) }));
    };
    await update({ status: "pending_customer" }, "2026-03-09T14:00:00+01:00");
    expect(await ticketSla(ticket.ticketId)).toMatchObject({ slaPausedSince: at("2026-03-09T14:00:00+01:00") });
    const result = await update({ status: "open" }, "2026-03-09T15:15:00+01:00");
    expect(result.changes).toEqual(["status", "sla"]);
    expect(await ticketSla(ticket.ticketId)).toMatchObject({
      slaPausedSince: null,
      slaPausedMinutes: 75,
      // high: 510 business minutes from Monday 10:00 is Tuesday 10:00, plus 75 minutes.
      resolutionDueAt: at("2026-03-10T11:15:00+01:00"),
    });
  });

  it("recomputes both targets from the creation date when the priority changes, keeping the time already waited", async () => {
    const agent = await aUser();
    const ticket = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "normal" });
    await db().ticket.update({ where: { id: ticket.ticketId }, data: { slaPausedMinutes: 60 } });
    const { version } = await ticketSla(ticket.ticketId);
    const result = await db().$transaction((tx) =>
      updateTicketFieldsInTransaction(tx, { ticketId: ticket.ticketId, expectedVersion: version, actorId: agent.id, changes: { priority: "urgent" }, now: at("2026-03-09T10:20:00+01:00") }),
    );
    expect(result.changes).toEqual(["priority", "sla"]);
    expect(await ticketSla(ticket.ticketId)).toMatchObject({
      priority: "urgent",
      slaPolicyId: "sla_default_urgent",
      firstResponseDueAt: at("2026-03-09T11:00:00+01:00"),
      resolutionDueAt: at("2026-03-09T16:00:00+01:00"),
    });
    const [event] = await slaEvents(ticket.ticketId);
    expect(event).toMatchObject({ reason: "policy", policyId: "sla_default_urgent", to: { firstResponseDueAt: iso(at("2026-03-09T11:00:00+01:00")) } });
    const history = await db().ticketEvent.findMany({ where: { ticketId: ticket.ticketId }, orderBy: { createdAt: "asc" }, select: { kind: true, actorId: true } });
    expect(history.map((entry) => entry.kind)).toEqual(["created", "priority", "sla"]);
    expect(history[2].actorId).toBe(agent.id);
  });

  it("follows the workspace calendar stored in settings", async () => {
    const admin = await aUser({ role: "admin" });
    const week = { ...defaultBusinessCalendar().week, saturday: [{ start: 9 * 60, end: 12 * 60 }] };
    await saveBusinessCalendar({ week, frenchHolidays: true, alsaceMoselle: false, closedDays: [{ date: "2026-03-16", label: "Inventaire" }] }, admin.id);
    const calendar = await loadBusinessCalendar();
    expect(calendar.week.saturday).toEqual([{ start: 540, end: 720 }]);
    expect(calendar.closedDays).toEqual([{ date: "2026-03-16", label: "Inventaire" }]);

    const saturday = await aTicketAt(at("2026-03-14T10:00:00+01:00"), { priority: "urgent" });
    // 10:00–11:00 on Saturday; resolution: 10:00–12:00 Saturday, Monday closed, then 08:30 + 120 on Tuesday.
    expect(await ticketSla(saturday.ticketId)).toMatchObject({
      firstResponseDueAt: at("2026-03-14T11:00:00+01:00"),
      resolutionDueAt: at("2026-03-17T10:30:00+01:00"),
    });
    await saveBusinessCalendar({ week: defaultBusinessCalendar().week, frenchHolidays: true, alsaceMoselle: false, closedDays: [] }, admin.id);
  });
});

describe("deadline announcements", () => {
  it("announces a warning, then the breach, once each per target; a paused clock stays silent", async () => {
    const recorded = await watchEvents();
    const agent = await aUser();
    const urgent = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "urgent" });
    const waiting = await aTicketAt(at("2026-03-09T08:30:00+01:00"), { priority: "urgent" });
    await addAgentMessage({ ticketId: waiting.ticketId, agentId: agent.id, visibility: "public", bodyText: "Merci de tester.", createdAt: at("2026-03-09T08:45:00+01:00") });

    // Tickets of the other tests share this database: look at ours only.
    const ours = async (now: string) => (await announceSlaDeadlines(at(now))).filter((entry) => [urgent.ticketId, waiting.ticketId].includes(entry.ticketId));

    // 10:30: the first response of the urgent ticket is due at 11:00 (30 minutes left).
    expect(await ours("2026-03-09T10:30:00+01:00")).toEqual([
      { ticketId: urgent.ticketId, target: "first_response", level: "warning", dueAt: at("2026-03-09T11:00:00+01:00") },
    ]);
    expect(await ours("2026-03-09T10:40:00+01:00")).toEqual([]);

    // 11:05: breached. Later runs stay quiet.
    const second = await ours("2026-03-09T11:05:00+01:00");
    expect(second.map((entry) => `${entry.level} ${entry.target}`)).toEqual(["breached first_response"]);
    expect(await ours("2026-03-09T11:30:00+01:00")).toEqual([]);

    // 14:30: the resolution (15:00) is at risk; the waiting ticket's is paused and never announced.
    const third = await ours("2026-03-09T14:30:00+01:00");
    expect(third.map((entry) => `${entry.ticketId === urgent.ticketId ? "urgent" : "waiting"} ${entry.level} ${entry.target}`)).toEqual(["urgent warning resolution"]);

    const heard = (await recorded.read("sla.warning", "sla.breached")).map((event) => `${event.name === "sla.warning" ? "warning" : "breached"} ${event.payload.ticketId} ${event.payload.target}`);
    expect(heard.filter((line) => line.includes(urgent.ticketId) || line.includes(waiting.ticketId))).toEqual([`warning ${urgent.ticketId} first_response`, `breached ${urgent.ticketId} first_response`, `warning ${urgent.ticketId} resolution`]);
    expect((await slaEvents(urgent.ticketId)).map((event) => `${event.announced} ${event.target}`)).toEqual([
      "warning first_response",
      "breached first_response",
      "warning resolution",
    ]);
    expect(await slaEvents(waiting.ticketId)).toEqual([]);
  });

  it("announces again when the due date moved, and goes straight to the breach when a run was missed", async () => {
    const agent = await aUser();
    const ticket = await aTicketAt(at("2026-03-09T10:00:00+01:00"), { priority: "high" });
    const warned = await announceSlaDeadlines(at("2026-03-09T14:30:00+01:00"));
    expect(warned.filter((entry) => entry.ticketId === ticket.ticketId).map((entry) => entry.level)).toEqual(["warning"]);

    // Lowered to normal: the first response is now due Tuesday 09:30.
    const { version } = await ticketSla(ticket.ticketId);
    await db().$transaction((tx) =>
      updateTicketFieldsInTransaction(tx, { ticketId: ticket.ticketId, expectedVersion: version, actorId: agent.id, changes: { priority: "normal" }, now: at("2026-03-09T14:40:00+01:00") }),
    );
    expect((await announceSlaDeadlines(at("2026-03-09T14:45:00+01:00"))).filter((entry) => entry.ticketId === ticket.ticketId)).toEqual([]);
    const late = await announceSlaDeadlines(at("2026-03-10T11:00:00+01:00"));
    expect(late.filter((entry) => entry.ticketId === ticket.ticketId).map((entry) => `${entry.level} ${entry.target} ${iso(entry.dueAt)}`)).toEqual([
      `breached first_response ${iso(at("2026-03-10T09:30:00+01:00"))}`,
    ]);
  });
});

describe("SLA monitor worker", () => {
  it("scans on demand, never twice at once, and stops cleanly", async () => {
    const { startSlaMonitor } = await import("../../server/workers/sla-monitor.ts");
    const monitor = startSlaMonitor({ intervalMs: 60_000, firstRunDelayMs: 60_000 });
    const ticket = await aTicketAt(new Date(Date.now() - 7 * 24 * 60 * 60 * 1000), { priority: "urgent" });
    const [first, concurrent] = await Promise.all([monitor.runOnce(), monitor.runOnce()]);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(concurrent).toBe(first);
    expect((await slaEvents(ticket.ticketId)).map((event) => `${event.announced} ${event.target}`).sort()).toEqual(["breached first_response", "breached resolution"]);
    expect(await monitor.runOnce()).toBe(0);
    await monitor.stop();
  });
});
