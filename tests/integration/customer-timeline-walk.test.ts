import { beforeAll, describe, expect, it } from "vitest";
import { customerTimeline, type TimelineEntry } from "~/domain/customers/timeline.server";
import { compareEntries } from "~/domain/customers/timeline/timeline-entry";
import { mergeTickets } from "~/domain/helpdesk/ticket-merge.server";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aCustomerTicket, aMessage, anIntervention } from "../support/customers-factories.ts";
import { aGroup, aUser } from "../support/factories.ts";

/**
 * The messages and notes of a customer's timeline are read by walking the customer's tickets by
 * Ticket.lastMessageAt (kept by triggers) and stopping early (docs/decisions/009-*). These tests
 * compare every page with the plain definition, computed here the slow way: every message of the
 * customer's visible tickets, plus (for a contact) every message they wrote on a visible ticket,
 * sorted in timeline order.
 */

const DAY = 24 * 60 * 60 * 1000;
const base = Date.UTC(2025, 0, 6, 8, 0, 0);
const viewerOf = (user: { id: string; role: string; restrictToGroups: boolean }): TicketViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });
const messageKinds = ["message", "note"] as const;
const key = (entry: Pick<TimelineEntry, "kind" | "id">) => `${entry.kind}:${entry.id}`;

/** A deterministic sequence in [0, 1). */
function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

async function allPages(viewer: TicketViewer, options: Parameters<typeof customerTimeline>[1]) {
  const entries: TimelineEntry[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await customerTimeline(viewer, { ...options, cursor });
    entries.push(...page.entries);
    if (!page.nextCursor) return entries;
    cursor = page.nextCursor;
  }
  throw new Error("the timeline never ended");
}

/** The plain definition of a customer's messages and notes, without any cleverness. */
async function expectedMessages(viewer: TicketViewer, scope: { contactId: string } | { companyId: string }): Promise<string[]> {
  const visible = await visibleTicketsWhere(viewer);
  const own: Prisma.MessageWhereInput = { ticket: { AND: [visible, "contactId" in scope ? { requesterId: scope.contactId } : { companyId: scope.companyId }] } };
  const written: Prisma.MessageWhereInput[] = "contactId" in scope ? [{ authorContactId: scope.contactId, ticket: visible }] : [];
  const messages = await db().message.findMany({
    where: { OR: [own, ...written] },
    select: { id: true, createdAt: true, visibility: true, interventionId: true },
  });
  return messages
    .filter((message) => message.visibility === "public" || message.interventionId === null)
    .map((message) => ({ kind: message.visibility === "public" ? ("message" as const) : ("note" as const), at: message.createdAt, id: message.id }))
    .sort(compareEntries)
    .map(key);
}

describe("customer timeline: messages and notes walked by ticket activity", () => {
  let admin: TicketViewer;
  let restricted: TicketViewer;
  let company: { id: string };
  let requesters: Array<{ id: string }>;
  let copied: { id: string };
  let fieldGroup: { id: string };

  beforeAll(async () => {
    fieldGroup = await aGroup("Terrain (walk)");
    const officeGroup = await aGroup("Bureau (walk)");
    const adminUser = await aUser({ role: "admin" });
    const tech = await aUser({ role: "technician", groupIds: [fieldGroup.id], restrictToGroups: true });
    admin = viewerOf(adminUser);
    restricted = viewerOf(tech);

    company = await aCompany({ name: "Scierie du Walk" });
    requesters = [await aContact({ companyId: company.id }), await aContact({ companyId: company.id }), await aContact({ companyId: company.id })];
    // Copied on tickets of other people, inside and outside the company; requester of a few of their own.
    copied = await aContact({ firstName: "Copie", lastName: "Carbone", companyId: company.id });
    const outsider = await aContact({ firstName: "Hors", lastName: "Société" });

    const random = randomFrom(42);
    const groups = [fieldGroup.id, officeGroup.id, null];
    // 45 tickets over 90 days; most live a few days, some stay open for months and get a message now and then,
    // so tickets created long ago hold some of the newest messages (the walk must not order by creation).
    for (let i = 0; i < 45; i++) {
      const requester = i % 9 === 4 ? copied : i % 11 === 5 ? outsider : requesters[i % requesters.length];
      const createdAt = new Date(base + Math.floor(random() * 90 * DAY));
      const ticket = await aCustomerTicket(requester, {
        groupId: groups[Math.floor(random() * groups.length)],
        companyId: requester === outsider ? null : company.id,
        createdAt,
      });
      const longLived = i % 7 === 0;
      let at = createdAt.getTime();
      const count = 1 + Math.floor(random() * 5);
      for (let m = 0; m < count; m++) {
        at += Math.floor((longLived ? 20 : 1) * DAY * random()) + 60_000;
        const note = random() < 0.25;
        const byCopied = !note && random() < 0.2;
        await aMessage(ticket.id, {
          at: new Date(at),
          visibility: note ? "internal" : "public",
          authorUserId: note || (!byCopied && m % 2 === 0) ? adminUser.id : undefined,
          authorContactId: byCopied ? copied.id : !note && m % 2 === 1 ? requester.id : undefined,
        });
      }
      // Same-instant messages across tickets: ties are broken by id, whatever ticket they sit on.
      if (i % 5 === 0) await aMessage(ticket.id, { at: new Date(base + 100 * DAY), bodyText: "Relance groupée" });
    }
    // An intervention report in a thread is the intervention's entry, never a note.
    const fieldTicket = await aCustomerTicket(requesters[0], { groupId: fieldGroup.id, createdAt: new Date(base + 10 * DAY) });
    const intervention = await anIntervention(fieldTicket.id, tech.id, { startsAt: new Date(base + 11 * DAY), status: "done", report: "Lame changée." });
    await db().message.create({
      data: { ticketId: fieldTicket.id, direction: "out", visibility: "internal", authorUserId: tech.id, bodyText: "Lame changée.", interventionId: intervention.id, createdAt: new Date(base + 11 * DAY) },
    });
  });

  it("keeps Ticket.lastMessageAt at or after every message of the ticket, whoever writes it", async () => {
    const contact = await aContact();
    const ticket = await aCustomerTicket(contact, { createdAt: new Date(base) });
    const read = async () => (await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { lastMessageAt: true } })).lastMessageAt?.toISOString();
    expect(await read()).toBe(new Date(base).toISOString());
    await aMessage(ticket.id, { at: new Date(base + DAY) });
    expect(await read()).toBe(new Date(base + DAY).toISOString());
    // An older message (an imported mail) does not lower it.
    const older = await aMessage(ticket.id, { at: new Date(base - DAY) });
    expect(await read()).toBe(new Date(base + DAY).toISOString());
    // Re-dated later: raised.
    await db().message.update({ where: { id: older.id }, data: { createdAt: new Date(base + 2 * DAY) } });
    expect(await read()).toBe(new Date(base + 2 * DAY).toISOString());
    // Moved to another ticket: the receiving ticket's is raised.
    const other = await aCustomerTicket(contact, { createdAt: new Date(base - 5 * DAY) });
    await db().message.update({ where: { id: older.id }, data: { ticketId: other.id } });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: other.id }, select: { lastMessageAt: true } })).lastMessageAt?.toISOString()).toBe(new Date(base + 2 * DAY).toISOString());
  });

  it("pages a company's messages and notes exactly as the plain definition, whatever the page size", async () => {
    const expected = await expectedMessages(admin, { companyId: company.id });
    expect(expected.length).toBeGreaterThan(100);
    for (const limit of [1, 4, 25, 100]) {
      const paged = (await allPages(admin, { companyId: company.id, kinds: [...messageKinds], limit })).map(key);
      expect(paged, `limit ${limit}`).toEqual(expected);
    }
  });

  it("pages each kind on its own, and mixed with tickets and interventions, every entry once and in order", async () => {
    const expected = await expectedMessages(admin, { companyId: company.id });
    expect((await allPages(admin, { companyId: company.id, kinds: ["note"], limit: 3 })).map(key)).toEqual(expected.filter((entry) => entry.startsWith("note:")));
    const everything = await allPages(admin, { companyId: company.id, limit: 7 });
    const keys = everything.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...everything].sort(compareEntries).map(key)).toEqual(keys);
    expect(keys.filter((entry) => entry.startsWith("message:") || entry.startsWith("note:"))).toEqual(expected);
  });

  it("gives a contact the messages of their tickets and those they wrote on other people's, once each", async () => {
    const expected = await expectedMessages(admin, { contactId: copied.id });
    const written = await db().message.count({ where: { authorContactId: copied.id, ticket: { requesterId: { not: copied.id } } } });
    expect(written).toBeGreaterThan(3);
    for (const limit of [1, 3, 25]) {
      expect((await allPages(admin, { contactId: copied.id, kinds: [...messageKinds], limit })).map(key), `limit ${limit}`).toEqual(expected);
    }
    // Including the ticket of a requester outside the company.
    const outside = await db().message.findFirst({ where: { authorContactId: copied.id, ticket: { companyId: null } }, select: { id: true } });
    expect(outside).not.toBeNull();
    expect(expected).toContain(`message:${outside!.id}`);
  });

  it("shows a restricted technician only their groups' and their own tickets' messages, with the same paging", async () => {
    const expected = await expectedMessages(restricted, { companyId: company.id });
    const all = await expectedMessages(admin, { companyId: company.id });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    for (const limit of [2, 25]) {
      expect((await allPages(restricted, { companyId: company.id, kinds: [...messageKinds], limit })).map(key), `limit ${limit}`).toEqual(expected);
    }
    expect((await allPages(restricted, { contactId: copied.id, kinds: [...messageKinds], limit: 2 })).map(key)).toEqual(await expectedMessages(restricted, { contactId: copied.id }));
  });

  it("finds a ticket of long ago that just got a message, before recent tickets' older messages", async () => {
    const contact = await aContact({ companyId: null });
    const old = await aCustomerTicket(contact, { createdAt: new Date(base - 400 * DAY) });
    for (let i = 0; i < 12; i++) {
      const recent = await aCustomerTicket(contact, { createdAt: new Date(base + i * DAY) });
      await aMessage(recent.id, { at: new Date(base + i * DAY + 60_000) });
    }
    const reply = await aMessage(old.id, { at: new Date(base + 30 * DAY), authorContactId: contact.id });
    const page = await customerTimeline(admin, { contactId: contact.id, kinds: ["message"], limit: 2 });
    expect(page.entries[0]!.id).toBe(reply.id);
    expect((await allPages(admin, { contactId: contact.id, kinds: [...messageKinds], limit: 2 })).map(key)).toEqual(await expectedMessages(admin, { contactId: contact.id }));
  });

  it("walks past many tickets whose newest message is a note when only public messages are asked for", async () => {
    const contact = await aContact({ companyId: null });
    // 40 tickets whose last activity is a recent internal note, their public messages long ago...
    for (let i = 0; i < 40; i++) {
      const ticket = await aCustomerTicket(contact, { createdAt: new Date(base - 200 * DAY + i * 60_000) });
      await aMessage(ticket.id, { at: new Date(base + 50 * DAY + i * 60_000), visibility: "internal" });
    }
    // ...and one ticket of middle age with the newest public messages.
    const middle = await aCustomerTicket(contact, { createdAt: new Date(base - 10 * DAY) });
    await aMessage(middle.id, { at: new Date(base + 5 * DAY) });
    const page = await customerTimeline(admin, { contactId: contact.id, kinds: ["message"], limit: 3 });
    const expected = (await expectedMessages(admin, { contactId: contact.id })).filter((entry) => entry.startsWith("message:"));
    expect(page.entries.map(key)).toEqual(expected.slice(0, 3));
    expect((await allPages(admin, { contactId: contact.id, kinds: ["message"], limit: 5 })).map(key)).toEqual(expected);
  });

  it("shows a merged ticket's messages on the receiving ticket, in their place", async () => {
    const adminUser = await db().user.findUniqueOrThrow({ where: { id: admin.id }, select: { id: true, role: true, restrictToGroups: true } });
    const alice = await aContact({ companyId: null });
    // The receiving ticket is old and quiet: its lastMessageAt is raised by the merge.
    const target = await aCustomerTicket(alice, { createdAt: new Date(base - 60 * DAY) });
    for (let i = 0; i < 6; i++) {
      const ticket = await aCustomerTicket(alice, { createdAt: new Date(base - 20 * DAY + i * DAY) });
      await aMessage(ticket.id, { at: new Date(base - 20 * DAY + i * DAY + 60_000) });
    }
    const source = await aCustomerTicket(alice, { createdAt: new Date(base - 2 * DAY) });
    const latest = await aMessage(source.id, { at: new Date(base - DAY), authorContactId: alice.id, bodyText: "Même souci, je relance" });
    const version = (await db().ticket.findUniqueOrThrow({ where: { id: source.id }, select: { version: true } })).version;
    await mergeTickets({ viewer: viewerOf(adminUser), sourceId: source.id, targetNumber: target.number, expectedVersion: version });

    const first = await customerTimeline(admin, { contactId: alice.id, kinds: ["message"], limit: 1 });
    expect(first.entries.map((entry) => [entry.id, entry.link])).toEqual([[latest.id, `/support/tickets/${target.number}#message-${latest.id}`]]);
    expect((await allPages(admin, { contactId: alice.id, kinds: [...messageKinds], limit: 2 })).map(key)).toEqual(await expectedMessages(admin, { contactId: alice.id }));
  });

  it("counts a message's attachments on the page", async () => {
    const contact = await aContact({ companyId: null });
    const ticket = await aCustomerTicket(contact, { createdAt: new Date(base) });
    const message = await aMessage(ticket.id, { at: new Date(base + DAY), authorContactId: contact.id });
    for (const filename of ["devis.pdf", "photo.jpg"]) {
      await db().attachment.create({ data: { messageId: message.id, sha256: `sha-${filename}`, filename, contentType: "application/octet-stream", size: 10 } });
    }
    const page = await customerTimeline(admin, { contactId: contact.id, kinds: ["message"], limit: 5 });
    expect(page.entries.map((entry) => [entry.id, entry.meta.attachments])).toEqual([
      [message.id, "2"],
      [expect.any(String), "0"],
    ]);
  });
});
