import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { replyToTicket } from "~/domain/helpdesk/ticket-commands.server";
import { mergeTickets, previewMerge } from "~/domain/helpdesk/ticket-merge.server";
import { addAgentMessage, createTicket, TicketConflictError, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { aGroup, aUser } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { watchEvents } from "../support/events.ts";

async function aCustomerTicket(requesterId: string, subject: string, options: { groupId?: string; minutesAgo?: number } = {}) {
  return createTicket({
    requesterId,
    subject,
    channel: "email",
    groupId: options.groupId ?? null,
    openedBy: { contactId: requesterId },
    firstMessage: {
      bodyText: `${subject} : détails`,
      createdAt: new Date(Date.now() - (options.minutesAgo ?? 60) * 60_000),
      attachments: [{ sha256: "a".repeat(64), filename: "capture.png", contentType: "image/png", size: 2048 }],
    },
  });
}

const version = async (ticketId: string) => (await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } })).version;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("merging tickets", () => {
  it("moves the thread to the target, closes the source with a link, and records who did it on both and in the audit log", async () => {
    const agent = await aUser({ role: "technician" });
    const requester = await aRequester();
    const target = await aCustomerTicket(requester.contactId, "Imprimante hors service", { minutesAgo: 300 });
    const source = await aCustomerTicket(requester.contactId, "Imprimante toujours en panne", { minutesAgo: 30 });
    await addAgentMessage({ ticketId: source.ticketId, agentId: agent.id, visibility: "internal", bodyText: "Doublon probable." });
    await updateTicketFields({ ticketId: source.ticketId, expectedVersion: await version(source.ticketId), actorId: agent.id, changes: { tags: ["imprimante", "doublon"] } });
    await updateTicketFields({ ticketId: target.ticketId, expectedVersion: await version(target.ticketId), actorId: agent.id, changes: { tags: ["imprimante", "garantie"] } });
    const sourceMessages = await db().message.findMany({ where: { ticketId: source.ticketId }, select: { id: true } });
    const recorded = await watchEvents();

    const preview = await previewMerge({ viewer: agent, sourceId: source.ticketId, targetNumber: target.number });
    expect(preview).toMatchObject({ id: target.ticketId, number: target.number, subject: "Imprimante hors service", messageCount: 1 });

    const result = await mergeTickets({ viewer: agent, sourceId: source.ticketId, targetNumber: target.number, expectedVersion: await version(source.ticketId) });
    expect(result).toEqual({ sourceNumber: source.number, targetNumber: target.number, movedMessages: 2 });
    expect((await recorded.read("ticket.merged")).map((event) => event.payload)).toEqual([{ sourceId: source.ticketId, targetId: target.ticketId, actorId: agent.id, messageIds: sourceMessages.map((message) => message.id) }]);

    const after = await db().ticket.findUniqueOrThrow({ where: { id: source.ticketId }, include: { messages: true, events: { orderBy: { createdAt: "asc" } } } });
    expect(after).toMatchObject({ status: "closed", mergedIntoId: target.ticketId });
    expect(after.closedAt).toBeInstanceOf(Date);
    expect(after.messages).toEqual([]);
    const mergedInto = after.events.find((event) => event.kind === "merged_into")!;
    expect(mergedInto.actorId).toBe(agent.id);
    expect(JSON.parse(mergedInto.data)).toMatchObject({ targetNumber: target.number, messages: 2 });

    const received = await db().ticket.findUniqueOrThrow({
      where: { id: target.ticketId },
      include: { messages: { orderBy: { createdAt: "asc" }, include: { attachments: true } }, events: true, tags: { include: { tag: true } } },
    });
    expect(received.messages.map((message) => message.bodyText)).toEqual([
      "Imprimante hors service : détails",
      "Imprimante toujours en panne : détails",
      "Doublon probable.",
    ]);
    expect(received.messages[1].attachments.map((file) => file.filename)).toEqual(["capture.png"]);
    expect(received.tags.map((entry) => entry.tag.name).sort()).toEqual(["doublon", "garantie", "imprimante"]);
    const mergedFrom = received.events.find((event) => event.kind === "merged_from")!;
    expect(mergedFrom.actorId).toBe(agent.id);
    expect(JSON.parse(mergedFrom.data)).toMatchObject({ sourceNumber: source.number, messages: 2 });
    // The customer's latest words now belong to the target: its wait starts from them.
    const sourceFirstMessage = received.messages[1];
    expect(received.lastCustomerMessageAt).toEqual(sourceFirstMessage.createdAt);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "ticket.merged", entityId: source.ticketId } });
    expect(audit.actorId).toBe(agent.id);
    expect(JSON.parse(audit.details)).toMatchObject({ sourceNumber: source.number, targetNumber: target.number, messages: 2 });
  });

  it("refuses tickets of different requesters and changes nothing", async () => {
    const agent = await aUser({ role: "technician" });
    const first = await aCustomerTicket((await aRequester()).contactId, "Facture en double");
    const other = await aCustomerTicket((await aRequester()).contactId, "Facture en double aussi");
    const error = await refusal(mergeTickets({ viewer: agent, sourceId: other.ticketId, targetNumber: first.number, expectedVersion: await version(other.ticketId) }));
    expect(error).toMatchObject({ code: "helpdesk.merge.differentRequester", field: "targetNumber" });
    await expect(previewMerge({ viewer: agent, sourceId: other.ticketId, targetNumber: first.number })).rejects.toMatchObject({ code: "helpdesk.merge.differentRequester" });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: other.ticketId } })).toMatchObject({ status: "new", mergedIntoId: null, version: 1 });
    expect(await db().message.count({ where: { ticketId: other.ticketId } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: "ticket.merged", entityId: other.ticketId } })).toBe(0);
  });

  it.each([
    ["the same ticket", "helpdesk.merge.sameTicket"],
    ["an unknown number", "helpdesk.merge.targetNotFound"],
    ["a closed ticket", "helpdesk.merge.targetClosed"],
    ["a ticket itself merged", "helpdesk.merge.targetMerged"],
  ])("refuses to merge into %s", async (situation, code) => {
    const agent = await aUser({ role: "technician" });
    const requester = await aRequester();
    const source = await aCustomerTicket(requester.contactId, "Source");
    let targetNumber = source.number;
    if (situation === "an unknown number") targetNumber = 99_999_999;
    if (situation === "a closed ticket") {
      const closed = await aCustomerTicket(requester.contactId, "Ancien");
      await updateTicketFields({ ticketId: closed.ticketId, expectedVersion: 1, actorId: agent.id, changes: { status: "closed" } });
      targetNumber = closed.number;
    }
    if (situation === "a ticket itself merged") {
      const final = await aCustomerTicket(requester.contactId, "Final");
      const middle = await aCustomerTicket(requester.contactId, "Intermédiaire");
      await mergeTickets({ viewer: agent, sourceId: middle.ticketId, targetNumber: final.number, expectedVersion: 1 });
      targetNumber = middle.number;
    }
    const error = await refusal(mergeTickets({ viewer: agent, sourceId: source.ticketId, targetNumber, expectedVersion: 1 }));
    expect(error.code).toBe(code);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: source.ticketId } })).toMatchObject({ mergedIntoId: null, version: 1 });
  });

  it("does not let a restricted agent merge into a ticket they cannot see", async () => {
    const [theirs, other] = [await aGroup(), await aGroup()];
    const agent = await aUser({ role: "technician", groupIds: [theirs.id], restrictToGroups: true });
    const requester = await aRequester();
    const source = await aCustomerTicket(requester.contactId, "Visible", { groupId: theirs.id });
    const hidden = await aCustomerTicket(requester.contactId, "Invisible", { groupId: other.id });
    const error = await refusal(mergeTickets({ viewer: agent, sourceId: source.ticketId, targetNumber: hidden.number, expectedVersion: 1 }));
    expect(error.code).toBe("helpdesk.merge.targetNotFound");
  });

  it("refuses a stale version, and a merged ticket is read-only", async () => {
    const [agent, colleague] = [await aUser({ role: "technician" }), await aUser({ role: "technician" })];
    const requester = await aRequester();
    const target = await aCustomerTicket(requester.contactId, "Cible");
    const source = await aCustomerTicket(requester.contactId, "Source");
    await updateTicketFields({ ticketId: source.ticketId, expectedVersion: 1, actorId: colleague.id, changes: { priority: "high" } });
    await expect(mergeTickets({ viewer: agent, sourceId: source.ticketId, targetNumber: target.number, expectedVersion: 1 })).rejects.toBeInstanceOf(TicketConflictError);
    expect(await db().message.count({ where: { ticketId: source.ticketId } })).toBe(1);

    await mergeTickets({ viewer: agent, sourceId: source.ticketId, targetNumber: target.number, expectedVersion: 2 });
    const reply = { visibility: "public" as const, body: "Bonjour", statusAfter: "pending_customer" as const, version: 3, loadedAt: new Date() };
    await expect(replyToTicket({ ticketId: source.ticketId, agentId: agent.id, form: reply })).rejects.toMatchObject({ code: "helpdesk.merge.readOnly" });
  });

  it("reopens a solved target that receives an unresolved request", async () => {
    const agent = await aUser({ role: "technician" });
    const requester = await aRequester();
    const solved = await aCustomerTicket(requester.contactId, "Réglé la semaine dernière", { minutesAgo: 6000 });
    await addAgentMessage({ ticketId: solved.ticketId, agentId: agent.id, visibility: "public", bodyText: "C'est réglé.", statusAfter: "solved" });
    const again = await aCustomerTicket(requester.contactId, "Ça recommence");
    await mergeTickets({ viewer: agent, sourceId: again.ticketId, targetNumber: solved.number, expectedVersion: 1 });
    const target = await db().ticket.findUniqueOrThrow({ where: { id: solved.ticketId }, include: { events: true } });
    expect(target).toMatchObject({ status: "open", solvedAt: null });
    expect(target.events.some((event) => event.kind === "status" && JSON.parse(event.data).reason === "merge" && event.actorId === agent.id)).toBe(true);
  });
});
