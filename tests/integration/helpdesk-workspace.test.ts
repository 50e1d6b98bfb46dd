import { describe, expect, it } from "vitest";
import { createCannedReply, cannedRepliesFor, deleteCannedReply, UnknownPlaceholderError, updateCannedReply } from "~/domain/helpdesk/canned-replies.server";
import { createPhoneTicket, replyToTicket, saveTicketFields, takeTicket } from "~/domain/helpdesk/ticket-commands.server";
import { loadTicketWorkspace, ticketChangesSince } from "~/domain/helpdesk/ticket-workspace.server";
import { createTicket, TicketConflictError } from "~/domain/helpdesk/tickets.server";
import { fieldsSchema, phoneTicketSchema, replySchema } from "~/domain/helpdesk/workspace-schemas";
import { db } from "~/lib/db.server";
import { aGroup, aUser } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { watchEvents } from "../support/events.ts";

async function aTicket(subject = "Caisse bloquée") {
  const requester = await aRequester({ name: "Marie Dupont" });
  const ticket = await createTicket({ requesterId: requester.contactId, subject, channel: "email", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Bonjour, la caisse est bloquée." } });
  return { ...ticket, requester };
}

/** What the page gives the agent: the version and the instant it was saved. */
async function loadedState(ticketId: string) {
  const ticket = await db().ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: { version: true, updatedAt: true, status: true, priority: true, type: true, groupId: true, assigneeId: true, tags: { select: { tag: { select: { name: true } } } } },
  });
  return {
    version: String(ticket.version),
    loadedAt: ticket.updatedAt.toISOString(),
    loaded_status: ticket.status,
    loaded_priority: ticket.priority,
    loaded_type: ticket.type,
    loaded_groupId: ticket.groupId ?? "",
    loaded_assigneeId: ticket.assigneeId ?? "",
    loaded_tags: ticket.tags.map((entry) => entry.tag.name).join(", "),
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    groupId: ticket.groupId ?? "",
    assigneeId: ticket.assigneeId ?? "",
    tags: ticket.tags.map((entry) => entry.tag.name).join(", "),
  };
}

const fields = (values: Record<string, string>) => fieldsSchema.parse(values);

describe("optimistic locking on the ticket page", () => {
  it("saves only the fields the agent changed; a stale save writes nothing and shows what changed since", async () => {
    const [alice, bob] = [await aUser({ name: "Alice Martin" }), await aUser({ name: "Bob Durand" })];
    const group = await aGroup("Terrain conflits");
    const { ticketId } = await aTicket();
    const aliceLoaded = await loadedState(ticketId);
    const bobLoaded = await loadedState(ticketId);

    await saveTicketFields({ ticketId, agentId: alice.id, form: fields({ ...aliceLoaded, priority: "urgent", groupId: group.id }) });
    await replyToTicket({ ticketId, agentId: alice.id, form: replySchema.parse({ version: String(Number(aliceLoaded.version) + 1), loadedAt: aliceLoaded.loadedAt, visibility: "internal", body: "Je m'en occupe." }) });

    // Bob, on the page he loaded before Alice's changes, changes the status only.
    const bobForm = fields({ ...bobLoaded, status: "on_hold" });
    await expect(saveTicketFields({ ticketId, agentId: bob.id, form: bobForm })).rejects.toBeInstanceOf(TicketConflictError);
    const untouched = await db().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    expect(untouched).toMatchObject({ status: "new", priority: "urgent", groupId: group.id, version: 3 });

    const changes = await ticketChangesSince(ticketId, bobForm.loadedAt);
    expect(changes.current).toMatchObject({ version: 3, priority: "urgent", groupId: group.id, groupName: "Terrain conflits", status: "new" });
    // The priority change also moved the SLA targets (recorded by the SLA clock).
    expect(changes.history.map((entry) => [entry.kind, entry.actorName])).toEqual([
      ["priority", "Alice Martin"],
      ["group", "Alice Martin"],
      ["sla", "Alice Martin"],
    ]);
    expect(changes.history.slice(0, 2).map((entry) => entry.data.to)).toEqual(["urgent", group.id]);
    expect(changes.history[1].names[group.id]).toBe("Terrain conflits");
    expect(changes.messages).toMatchObject([{ visibility: "internal", authorName: "Alice Martin", excerpt: "Je m'en occupe." }]);

    // Re-applied on the current version, Bob's change lands without undoing Alice's.
    const current = await loadedState(ticketId);
    await saveTicketFields({ ticketId, agentId: bob.id, form: fields({ ...current, status: "on_hold" }) });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "on_hold", priority: "urgent", groupId: group.id, version: 4 });
  });

  it("refuses a reply written on a stale version and keeps nothing of it", async () => {
    const [alice, bob] = [await aUser(), await aUser()];
    const { ticketId } = await aTicket();
    const loaded = await loadedState(ticketId);
    await takeTicket({ ticketId, agentId: alice.id, version: Number(loaded.version) });
    const stale = replySchema.parse({ version: loaded.version, loadedAt: loaded.loadedAt, visibility: "public", body: "Bonjour Marie", statusAfter: "pending_customer" });
    await expect(replyToTicket({ ticketId, agentId: bob.id, form: stale })).rejects.toBeInstanceOf(TicketConflictError);
    expect(await db().message.count({ where: { ticketId } })).toBe(1);
    const changes = await ticketChangesSince(ticketId, stale.loadedAt);
    expect(changes.current).toMatchObject({ assigneeId: alice.id, status: "open" });
    expect(changes.history.map((entry) => entry.kind)).toEqual(["assignee", "status"]);
  });

  it("adds a note and changes the status in one step, and the page shows the note apart from public replies", async () => {
    const agent = await aUser({ name: "Julien Moreau" });
    const { ticketId, number, requester } = await aTicket();
    const loaded = await loadedState(ticketId);
    const recorded = await watchEvents();
    await replyToTicket({ ticketId, agentId: agent.id, form: replySchema.parse({ ...loaded, visibility: "internal", body: "Attente du fournisseur.", statusAfter: "on_hold" }) });
    const updates = (await recorded.read("ticket.updated")).map((event) => event.payload.changes);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "on_hold", version: 3, firstRespondedAt: null });
    expect(updates.flat()).toContain("status");

    const workspace = (await loadTicketWorkspace(agent, number))!;
    expect(workspace.messages.map((message) => [message.visibility, message.authorKind, message.authorName])).toEqual([
      ["public", "customer", "Marie Dupont"],
      ["internal", "agent", "Julien Moreau"],
    ]);
    expect(workspace.history.map((entry) => entry.kind)).toEqual(["created", "status"]);
    expect(workspace.requester).toMatchObject({ id: requester.contactId, firstName: "Marie", lastName: "Dupont" });
    expect(workspace.ticket.loadedAt).toBe((await db().ticket.findUniqueOrThrow({ where: { id: ticketId } })).updatedAt.toISOString());
  });

  it("never sends a public reply that still holds a placeholder; a note may", async () => {
    const agent = await aUser();
    const { ticketId } = await aTicket();
    const loaded = await loadedState(ticketId);
    const body = "Bonjour {{client.prenom}},\nc'est noté.";
    await expect(
      replyToTicket({ ticketId, agentId: agent.id, form: replySchema.parse({ ...loaded, visibility: "public", body, statusAfter: "pending_customer" }) }),
    ).rejects.toMatchObject({ code: "helpdesk.composer.unfilledPlaceholders", field: "body", placeholders: ["{{client.prenom}}"] });
    expect(await db().message.count({ where: { ticketId } })).toBe(1);
    await replyToTicket({ ticketId, agentId: agent.id, form: replySchema.parse({ ...loaded, visibility: "internal", body }) });
    expect(await db().message.count({ where: { ticketId } })).toBe(2);
  });

  it("validates the forms with field errors", () => {
    expect(replySchema.safeParse({ version: "1", loadedAt: new Date().toISOString(), visibility: "public", body: "  " }).error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["body", "validation.required"],
      ["statusAfter", "validation.choose"],
    ]);
    const broken = fieldsSchema.safeParse({ version: "abc", loadedAt: "hier", status: "perdu", priority: "normal", type: "incident", tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") });
    expect(Object.fromEntries(broken.error!.issues.map((issue) => [issue.path.join("."), issue.message]))).toEqual({
      version: "helpdesk.staleForm",
      loadedAt: "helpdesk.staleForm",
      status: "validation.choose",
      tags: "helpdesk.fields.tooManyTags",
    });
  });
});

describe("phone tickets", () => {
  const base = { subject: "Imprimante muette", body: "Appel : l'imprimante de l'accueil n'imprime plus.", type: "incident", priority: "high" };

  it("opens a ticket for a new caller, creating the contact and their company from the address", async () => {
    const agent = await aUser({ name: "Sophie Lefèvre" });
    const form = phoneTicketSchema.parse({ ...base, name: "Jean Morel", email: "Jean.Morel@Garage-Morel.fr", phone: "06 12 34 56 78", assignToMe: "on" });
    const created = await createPhoneTicket({ agentId: agent.id, form });
    expect(created.contactCreated).toBe(true);
    const ticket = await db().ticket.findUniqueOrThrow({
      where: { id: created.ticketId },
      include: { requester: { include: { emails: true, company: true } }, messages: true, events: true },
    });
    expect(ticket).toMatchObject({ channel: "phone", status: "open", assigneeId: agent.id, priority: "high", type: "incident", subject: "Imprimante muette" });
    expect(ticket.requester).toMatchObject({ firstName: "Jean", lastName: "Morel", phone: "06 12 34 56 78" });
    expect(ticket.requester.emails.map((email) => email.address)).toEqual(["jean.morel@garage-morel.fr"]);
    expect(ticket.requester.company?.name).toBe("Garage Morel");
    expect(ticket.messages).toMatchObject([{ direction: "in", visibility: "public", authorContactId: ticket.requesterId, bodyText: base.body }]);
    expect(ticket.events).toMatchObject([{ kind: "created", actorId: agent.id }]);
  });

  it("attaches the ticket to the contact who owns the address, or to the contact chosen in the search", async () => {
    const agent = await aUser();
    const known = await aRequester({ email: "lucie@boulangerie-phone.fr", name: "Lucie Petit" });
    const byEmail = await createPhoneTicket({ agentId: agent.id, form: phoneTicketSchema.parse({ ...base, name: "Autre Nom", email: "LUCIE@boulangerie-phone.fr", assignToMe: "false" }) });
    expect(byEmail).toMatchObject({ requesterId: known.contactId, contactCreated: false });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: byEmail.ticketId } })).toMatchObject({ status: "new", assigneeId: null });
    const chosen = await createPhoneTicket({ agentId: agent.id, form: phoneTicketSchema.parse({ ...base, requesterId: known.contactId }) });
    expect(chosen.requesterId).toBe(known.contactId);
  });

  it("asks for what is missing, field by field", () => {
    const result = phoneTicketSchema.safeParse({ subject: "", body: "", type: "incident", priority: "normal", email: "pas-une-adresse" });
    expect(Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]))).toEqual({
      subject: "validation.required",
      body: "validation.required",
      email: "validation.email",
      name: "validation.required",
    });
    const noEmail = phoneTicketSchema.safeParse({ ...base, name: "Jean" });
    expect(noEmail.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["email", "helpdesk.phone.emailRequired"]]);
  });
});

describe("canned replies", () => {
  it("are written by admins with known placeholders only, audited, and filled per ticket", async () => {
    const admin = await aUser({ role: "admin" });
    await expect(createCannedReply({ title: "Faute", body: "Bonjour {{client.prenon}}", actorId: admin.id })).rejects.toBeInstanceOf(UnknownPlaceholderError);
    const { id } = await createCannedReply({ title: "Accusé", body: "Bonjour {{client.prenom}}, ticket {{ticket.numero}} chez {{societe.nom}}. {{agent.nom}}", actorId: admin.id });
    const stored = await db().cannedReply.findUniqueOrThrow({ where: { id } });
    await expect(updateCannedReply(id, { title: "Accusé", body: "x", actorId: admin.id, version: new Date(0) })).rejects.toMatchObject({ code: "validation.staleRecord" });
    await updateCannedReply(id, { title: "Accusé de réception", body: stored.body, actorId: admin.id, version: stored.updatedAt });

    const filled = await cannedRepliesFor({ "client.prenom": "Marie", "ticket.numero": 1042, "agent.nom": "Julien Moreau", "societe.nom": null });
    expect(filled.find((reply) => reply.id === id)).toMatchObject({
      title: "Accusé de réception",
      text: "Bonjour Marie, ticket 1042 chez {{societe.nom}}. Julien Moreau",
      missing: ["societe.nom"],
      unknown: [],
    });
    await deleteCannedReply(id, admin.id);
    expect((await db().auditLog.findMany({ where: { entityId: id }, orderBy: { at: "asc" } })).map((entry) => entry.action)).toEqual([
      "canned_reply.created",
      "canned_reply.updated",
      "canned_reply.deleted",
    ]);
  });
});
