import { describe, expect, it } from "vitest";
import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import {
  addAgentMessage,
  addCustomerMessage,
  createTicket,
  TicketConflictError,
  updateTicketFields,
} from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { aUser } from "../support/factories.ts";
import { watchEvents } from "../support/events.ts";

async function aRequester(email = `marie.${Date.now()}@menuiserie-test.fr`) {
  return db().$transaction((tx) => findOrCreateContactByEmail(tx, { email, name: "Marie Dupont" }));
}

describe("contacts from an address", () => {
  it("creates the contact and its company from the domain, then finds them again by any address", async () => {
    const first = await aRequester("marie@boulangerie-lemoine.fr");
    expect(first.created).toBe(true);
    const company = await db().company.findUniqueOrThrow({ where: { id: first.companyId! }, include: { domains: true } });
    expect(company.name).toBe("Boulangerie Lemoine");
    expect(company.domains.map((d) => d.domain)).toEqual(["boulangerie-lemoine.fr"]);

    const colleague = await aRequester("paul@boulangerie-lemoine.fr");
    expect(colleague.companyId).toBe(first.companyId);
    const again = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: " MARIE@Boulangerie-Lemoine.fr " }));
    expect(again).toEqual({ contactId: first.contactId, companyId: first.companyId, created: false });
  });

  it("never makes a company out of a consumer mail domain", async () => {
    const contact = await aRequester("jean.martin@gmail.com");
    expect(contact.companyId).toBeNull();
    expect(await db().companyDomain.count({ where: { domain: "gmail.com" } })).toBe(0);
  });
});

describe("ticket lifecycle", () => {
  it("numbers tickets, records the first message and the customer's wait, and emits events", async () => {
    const requester = await aRequester();
    const recorded = await watchEvents();
    const first = await createTicket({
      requesterId: requester.contactId,
      subject: "Imprimante bloquée",
      channel: "email",
      openedBy: { contactId: requester.contactId },
      firstMessage: { bodyText: "Bonjour, l'imprimante affiche E05." },
    });
    const second = await createTicket({
      requesterId: requester.contactId,
      subject: "Autre demande",
      channel: "web",
      openedBy: { contactId: requester.contactId },
      firstMessage: { bodyText: "Bonjour" },
    });
    const events = (await recorded.read("ticket.created", "message.added")).map((event) => event.name);
    expect(second.number).toBe(first.number + 1);
    expect(events).toEqual(["ticket.created", "message.added", "ticket.created", "message.added"]);
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: first.ticketId }, include: { messages: true, events: true } });
    expect(ticket).toMatchObject({ status: "new", companyId: requester.companyId, version: 1 });
    expect(ticket.lastCustomerMessageAt).toEqual(ticket.messages[0].createdAt);
    expect(ticket.messages[0]).toMatchObject({ direction: "in", visibility: "public", authorContactId: requester.contactId });
    expect(ticket.events.map((event) => event.kind)).toEqual(["created"]);
  });

  it("a public reply is the first response, takes the ticket and waits on the customer; a customer reply reopens", async () => {
    const agent = await aUser({ role: "technician" });
    const requester = await aRequester();
    const { ticketId } = await createTicket({
      requesterId: requester.contactId,
      subject: "Accès caisse",
      channel: "email",
      openedBy: { contactId: requester.contactId },
      firstMessage: { bodyText: "Impossible de me connecter." },
    });
    await addAgentMessage({ ticketId, agentId: agent.id, visibility: "internal", bodyText: "Vérifier la licence." });
    let ticket = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(ticket.firstRespondedAt).toBeNull();

    await addAgentMessage({ ticketId, agentId: agent.id, visibility: "public", bodyText: "Pouvez-vous redémarrer ?", statusAfter: "pending_customer" });
    ticket = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(ticket).toMatchObject({ status: "pending_customer", assigneeId: agent.id });
    expect(ticket.firstRespondedAt).toEqual(ticket.lastAgentReplyAt);

    const reply = await addCustomerMessage({ ticketId, contactId: requester.contactId, bodyText: "Toujours pareil." });
    expect(reply.reopened).toBe(true);
    ticket = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(ticket.status).toBe("open");
    expect(ticket.lastCustomerMessageAt!.getTime()).toBeGreaterThanOrEqual(ticket.lastAgentReplyAt!.getTime());
  });

  it("refuses a stale save and writes nothing (optimistic locking)", async () => {
    const [alice, bob] = [await aUser(), await aUser()];
    const requester = await aRequester();
    const { ticketId } = await createTicket({
      requesterId: requester.contactId,
      subject: "Réseau lent",
      channel: "phone",
      openedBy: { userId: alice.id },
      firstMessage: { bodyText: "Appel : le réseau est lent depuis ce matin." },
    });
    const loaded = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });

    await updateTicketFields({ ticketId, expectedVersion: loaded.version, actorId: alice.id, changes: { priority: "high", tags: ["Réseau", "réseau", " urgent-client "] } });
    await expect(
      updateTicketFields({ ticketId, expectedVersion: loaded.version, actorId: bob.id, changes: { priority: "low", assigneeId: bob.id } }),
    ).rejects.toBeInstanceOf(TicketConflictError);

    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, include: { tags: { include: { tag: true } }, events: { orderBy: { createdAt: "asc" } } } });
    expect(after).toMatchObject({ priority: "high", assigneeId: null, version: loaded.version + 1 });
    expect(after.tags.map((entry) => entry.tag.name).sort()).toEqual(["réseau", "urgent-client"]);
    expect(after.events.map((event) => [event.kind, event.actorId])).toEqual([
      ["created", alice.id],
      ["priority", alice.id],
      ["tags", alice.id],
      // The new priority moved the SLA targets (recomputed with the "high" policy).
      ["sla", alice.id],
    ]);
  });
});
