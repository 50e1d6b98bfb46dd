import { describe, expect, it } from "vitest";
import { retentionDryRun, retentionSettings, runRetention, runRetentionIfDue, saveRetentionMonths } from "~/domain/privacy/retention.server";
import { eraseContact } from "~/domain/privacy/erasure.server";
import { ERASED_CONTACT_NAME } from "~/domain/privacy/erasure-text";
import { db } from "~/lib/db.server";
import { aContact, aCustomerTicket, aMessage } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";

/**
 * Retention (docs/gdpr.md « Conservation »): with 36 months set, the dry run lists exactly the
 * contacts whose every ticket is solved or closed and who did nothing since the cutoff, and the
 * run anonymises them and nobody else.
 */

const NOW = new Date("2026-12-07T03:00:00Z");
const LONG_AGO = new Date("2022-03-01T10:00:00Z");
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const RECENTLY = new Date("2025-06-01T10:00:00Z");

async function anOldContact(lastName: string) {
  const contact = await aContact({ firstName: "Ancien", lastName });
  await db().contact.update({ where: { id: contact.id }, data: { createdAt: LONG_AGO } });
  return contact;
}

async function anOldSolvedTicket(contact: { id: string }, status = "solved") {
  const ticket = await aCustomerTicket(contact, { createdAt: LONG_AGO, status });
  await db().ticket.update({ where: { id: ticket.id }, data: { solvedAt: status === "open" ? null : LONG_AGO, closedAt: status === "closed" ? LONG_AGO : null } });
  return ticket;
}

async function retentionWorld() {
  const admin = await aUser({ role: "admin" });
  const gone = await anOldContact("Parti");
  await anOldSolvedTicket(gone);
  await anOldSolvedTicket(gone, "closed");
  const wroteSince = await anOldContact("Écrit");
  const wroteTicket = await anOldSolvedTicket(wroteSince);
  await aMessage(wroteTicket.id, { at: RECENTLY, authorContactId: wroteSince.id, bodyText: "Encore moi" });
  const stillOpen = await anOldContact("Ouvert");
  await anOldSolvedTicket(stillOpen, "open");
  const ratedSince = await anOldContact("Noté");
  const ratedTicket = await anOldSolvedTicket(ratedSince);
  await db().satisfactionRating.create({ data: { ticketId: ratedTicket.id, contactId: ratedSince.id, rating: "good", createdAt: RECENTLY } });
  const calledSince = await anOldContact("Appelé");
  await anOldSolvedTicket(calledSince);
  await db().activity.create({ data: { kind: "call", subject: "Appel", ownerId: admin.id, startsAt: RECENTLY, contactId: calledSince.id } });
  const noTicket = await anOldContact("Sans ticket");
  const recentTicket = await anOldContact("Récent");
  const recent = await aCustomerTicket(recentTicket, { createdAt: RECENTLY, status: "solved" });
  await db().ticket.update({ where: { id: recent.id }, data: { solvedAt: RECENTLY } });
  const newRecord = await aContact({ firstName: "Nouveau", lastName: "Fiche" });
  await anOldSolvedTicket(newRecord);
  return { admin, gone, kept: [wroteSince, stillOpen, ratedSince, calledSince, noTicket, recentTicket, newRecord] };
}

describe("retention of solved tickets of inactive contacts", () => {
  it("is off by default: no dry run, the job does nothing", async () => {
    const world = await retentionWorld();
    expect((await retentionSettings()).months).toBeNull();
    expect(await retentionDryRun(NOW)).toBeNull();
    expect(await runRetentionIfDue(NOW)).toBe(0);
    expect((await db().contact.findUniqueOrThrow({ where: { id: world.gone.id } })).erasedAt).toBeNull();
    // The next tests of this file look at their own world only.
    await eraseContact({ contactId: world.gone.id, actorId: null, reason: "request" });
  });

  it("lists exactly the contacts past the period, then anonymises them and nobody else", async () => {
    const world = await retentionWorld();
    await saveRetentionMonths(world.admin.id, 36);
    expect(await db().auditLog.findFirst({ where: { action: "privacy.retention_changed" }, select: { details: true } })).toEqual({ details: JSON.stringify({ from: null, to: 36 }) });

    const dryRun = (await retentionDryRun(NOW))!;
    expect(dryRun.cutoff).toEqual(new Date("2023-12-07T03:00:00Z"));
    expect(dryRun.contacts.map((contact) => contact.id)).toEqual([world.gone.id]);
    expect(dryRun).toMatchObject({ total: 1, tickets: 2, messages: 2 });
    expect(dryRun.contacts[0]).toMatchObject({ lastName: "Parti", tickets: 2, messages: 2 });

    const keptBefore = await db().contact.findMany({ where: { id: { in: world.kept.map((contact) => contact.id) } }, orderBy: { id: "asc" } });
    expect(await runRetention({ now: NOW })).toBe(1);

    const gone = await db().contact.findUniqueOrThrow({ where: { id: world.gone.id }, select: { lastName: true, erasedAt: true, emails: true } });
    expect(gone).toMatchObject({ lastName: ERASED_CONTACT_NAME, emails: [] });
    expect(gone.erasedAt).toEqual(NOW);
    expect(await db().contact.findMany({ where: { id: { in: world.kept.map((contact) => contact.id) } }, orderBy: { id: "asc" } })).toEqual(keptBefore);
    expect(JSON.parse((await db().auditLog.findFirstOrThrow({ where: { action: "contact.erased", entityId: world.gone.id } })).details)).toMatchObject({ reason: "retention" });
    expect(JSON.parse((await db().auditLog.findFirstOrThrow({ where: { action: "privacy.retention_run" } })).details)).toMatchObject({ months: 36, anonymised: 1 });

    // Nothing left to do: the dry run is empty and the next run anonymises nobody.
    expect((await retentionDryRun(NOW))!.contacts).toEqual([]);
    expect(await runRetention({ now: NOW })).toBe(0);
  });

  it("runs about once a day", async () => {
    const world = await retentionWorld();
    await saveRetentionMonths(world.admin.id, 36);
    const first = new Date(NOW.getTime() + 2 * DAY);
    expect(await runRetentionIfDue(first)).toBe(1);
    const another = await anOldContact("Suivant");
    await anOldSolvedTicket(another);
    expect(await runRetentionIfDue(new Date(first.getTime() + HOUR))).toBe(0);
    expect(await runRetentionIfDue(new Date(first.getTime() + DAY))).toBe(1);
    expect((await retentionSettings()).lastRun).toEqual({ at: new Date(first.getTime() + DAY), count: 1 });
    await saveRetentionMonths(world.admin.id, null);
  });
});
