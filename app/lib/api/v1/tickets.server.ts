import { findVisibleAttachment } from "~/domain/helpdesk/attachment-access.server";
import { parseInstant, ticketListViews } from "~/domain/helpdesk/queue-views";
import { canReadInternalNotes } from "~/domain/helpdesk/ticket-access.server";
import { changeTicketFields, openTicketForCustomer, replyToTicket } from "~/domain/helpdesk/ticket-commands.server";
import { decodeCursor, listQueue, type QueueRow } from "~/domain/helpdesk/ticket-queries.server";
import { ticketChannels, ticketPriorities, ticketStatuses, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import { findTicketRefForViewer, loadTicketRecord, type TicketRecord, type TicketRef } from "~/domain/helpdesk/ticket-workspace.server";
import type { TicketFieldChanges } from "~/domain/helpdesk/tickets.server";
import { MAX_BODY_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, replyStatuses } from "~/domain/helpdesk/workspace-schemas";
import type { ApiCaller } from "~/domain/identity/api-tokens.server";
import { phoneField } from "~/domain/customers/customer-schemas";
import { streamAttachment } from "~/lib/attachment-download.server";
import { env } from "~/lib/env.server";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem } from "../problem.server";
import { instant, localDay, orNull, pageOf, pageQuery, recordId } from "../schemas";
import { z } from "../zod";
import { attachmentUploads, storeUploads, MAX_MESSAGE_BODY_BYTES } from "./uploads.server";

/**
 * Tickets over the API: the queues' list with their filters, one ticket with its thread, opening
 * a ticket for a customer, changing its fields (If-Match), public replies and internal notes
 * (with attachments), downloading an attachment. Every lookup goes through the ticket access
 * rule: another group's ticket is "not found", by number as by id.
 */

// ───────────────────────────── shapes ─────────────────────────────

/** A person, company or group a record points to: its id and name (inline, so it can be null). */
const ref = () => z.object({ id: z.string(), name: z.string() });

export const slaSchema = z
  .object({
    state: z.enum(["none", "ok", "warning", "breached", "paused"]),
    target: orNull(z.enum(["first_response", "resolution"])),
    dueAt: instant().nullable(),
    minutesLeft: z.number().int().nullable(),
  })
  .openapi("SlaStatus", { description: "publicApi.field.sla" });

const ticketSummary = z
  .object({
    id: z.string(),
    number: z.number().int().openapi({ description: "publicApi.field.ticketNumber" }),
    subject: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    type: z.enum(ticketTypes),
    channel: z.enum(ticketChannels),
    requester: ref(),
    company: ref().nullable(),
    group: ref().nullable(),
    assignee: ref().nullable(),
    createdAt: instant(),
    updatedAt: instant(),
    waitingSince: instant().nullable().openapi({ description: "publicApi.field.waitingSince" }),
    sla: slaSchema,
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("TicketSummary");

const attachmentSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    inline: z.boolean(),
    url: z.string().url().openapi({ description: "publicApi.field.attachmentUrl" }),
  })
  .openapi("Attachment");

const messageSchema = z
  .object({
    id: z.string(),
    visibility: z.enum(["public", "internal"]),
    direction: z.enum(["in", "out"]).openapi({ description: "publicApi.field.direction" }),
    author: z.object({ kind: z.enum(["customer", "agent", "system"]), name: z.string() }),
    createdAt: instant(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable().openapi({ description: "publicApi.field.bodyHtml" }),
    hasRemoteContent: z.boolean(),
    attachments: z.array(attachmentSchema),
    deliveryStatus: orNull(z.enum(["queued", "sending", "sent", "failed"])).openapi({ description: "publicApi.field.deliveryStatus" }),
  })
  .openapi("Message");

const ticketSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    type: z.enum(ticketTypes),
    channel: z.enum(ticketChannels),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    requester: ref().extend({ email: z.string() }),
    company: ref().nullable(),
    group: ref().nullable(),
    assignee: ref().nullable(),
    tags: z.array(z.string()),
    createdAt: instant(),
    updatedAt: instant(),
    solvedAt: instant().nullable(),
    closedAt: instant().nullable(),
    waitingSince: instant().nullable().openapi({ description: "publicApi.field.waitingSince" }),
    sla: slaSchema,
    mergedIntoNumber: z.number().int().nullable().openapi({ description: "publicApi.field.mergedInto" }),
    messages: z.array(messageSchema).openapi({ description: "publicApi.field.messages" }),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("Ticket");

const webUrl = (number: number) => `${env().PUBLIC_URL}/support/tickets/${number}`;
const attachmentUrl = (id: string) => `${env().PUBLIC_URL}/api/v1/attachments/${id}`;

function summaryOf(row: QueueRow): z.input<typeof ticketSummary> {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status as z.input<typeof ticketSummary>["status"],
    priority: row.priority as z.input<typeof ticketSummary>["priority"],
    type: row.type as z.input<typeof ticketSummary>["type"],
    channel: row.channel as z.input<typeof ticketSummary>["channel"],
    requester: { id: row.requesterId, name: row.requesterName },
    company: row.companyId ? { id: row.companyId, name: row.companyName ?? "" } : null,
    group: row.groupId ? { id: row.groupId, name: row.groupName ?? "" } : null,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? "" } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    waitingSince: row.waitingSince,
    sla: row.sla,
    webUrl: webUrl(row.number),
  };
}

type MessageOut = z.input<typeof messageSchema>;

function messageOf(message: TicketRecord["messages"][number]): MessageOut {
  return {
    id: message.id,
    visibility: message.visibility as MessageOut["visibility"],
    direction: message.direction as MessageOut["direction"],
    author: { kind: message.authorKind, name: message.authorName },
    createdAt: message.createdAt,
    bodyText: message.bodyText,
    bodyHtml: message.bodyHtml,
    hasRemoteContent: message.hasRemoteContent,
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      inline: attachment.inline,
      url: attachmentUrl(attachment.id),
    })),
    deliveryStatus: message.delivery?.status ?? null,
  };
}

function ticketOf(record: TicketRecord): z.input<typeof ticketSchema> {
  const { messages, mergedIntoNumber, ...fields } = record;
  return {
    ...fields,
    status: fields.status as z.input<typeof ticketSchema>["status"],
    priority: fields.priority as z.input<typeof ticketSchema>["priority"],
    type: fields.type as z.input<typeof ticketSchema>["type"],
    channel: fields.channel as z.input<typeof ticketSchema>["channel"],
    mergedIntoNumber,
    messages: messages.map(messageOf),
    webUrl: webUrl(record.number),
  };
}

// ───────────────────────────── lookups ─────────────────────────────

const ticketParams = z.object({
  ticket: z
    .string()
    .regex(/^(?:\d{1,9}|[A-Za-z0-9_-]{2,64})$/)
    .openapi({ description: "publicApi.param.ticket", example: "1042" }),
});

/** The ticket named by number or id, if the caller may see it; otherwise 404. */
async function visibleTicket(caller: ApiCaller, param: string): Promise<TicketRef> {
  const ticket = await findTicketRefForViewer(caller, /^\d+$/.test(param) ? { number: Number(param) } : { id: param });
  if (!ticket) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
  return ticket;
}

async function ticketRecord(caller: ApiCaller, ticketId: string) {
  return loadTicketRecord(caller, ticketId, { internalNotes: canReadInternalNotes(caller) });
}

// ───────────────────────────── list ─────────────────────────────

const idOrNone = z.string().max(64, "validation.tooLong").regex(/^[A-Za-z0-9_-]+$/, "publicApi.validation.id");

const listTicketsQuery = z
  .object({
    view: z.enum(ticketListViews).default("all").openapi({ description: "publicApi.param.ticketView" }),
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    type: z.enum(ticketTypes).optional(),
    channel: z.enum(ticketChannels).optional(),
    groupId: idOrNone.optional().openapi({ description: "publicApi.param.groupId" }),
    assigneeId: idOrNone.optional().openapi({ description: "publicApi.param.assigneeId" }),
    companyId: recordId().optional(),
    requesterId: recordId().optional(),
    tag: z.string().trim().toLowerCase().max(MAX_TAG_LENGTH, "validation.tooLong").optional(),
    createdFrom: localDay().optional().openapi({ description: "publicApi.param.createdFrom" }),
    createdTo: localDay().optional().openapi({ description: "publicApi.param.createdTo" }),
    updatedSince: z
      .string()
      .refine((value) => parseInstant(value) !== null, "publicApi.validation.instant")
      .optional()
      .openapi({ format: "date-time", description: "publicApi.param.updatedSince" }),
    sort: z.enum(["-updatedAt", "updatedAt"]).optional().openapi({ description: "publicApi.param.ticketSort" }),
    ...pageQuery,
  })
  .superRefine((query, context) => {
    if (query.sort && query.view === "waiting") context.addIssue({ code: "custom", path: ["sort"], message: "publicApi.validation.waitingSort" });
    if (query.cursor && !decodeCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
  });

const listTickets = defineEndpoint({
  operationId: "listTickets",
  method: "get",
  path: "/tickets",
  tag: "tickets",
  summary: "publicApi.op.listTickets",
  description: "publicApi.op.listTickets.about",
  scope: "tickets:read",
  permission: "read:ticket",
  query: listTicketsQuery,
  paginated: true,
  response: { status: 200, description: "publicApi.response.ticketPage", schema: pageOf(ticketSummary, "TicketPage") },
  example: { query: { view: "all", status: "open", updatedSince: "2026-03-01T00:00:00Z", limit: "50" } },
  async handle({ caller, query }) {
    const { view, sort, cursor, limit, ...filters } = query;
    const page = await listQueue(caller, {
      view,
      filters,
      sort: sort ? { field: "updatedAt", direction: sort === "updatedAt" ? "asc" : "desc" } : undefined,
      cursor: cursor ? { after: cursor } : null,
      limit,
    });
    return { status: 200, body: { data: page.tickets.map(summaryOf), next: page.nextCursor } };
  },
});

// ───────────────────────────── read ─────────────────────────────

const getTicket = defineEndpoint({
  operationId: "getTicket",
  method: "get",
  path: "/tickets/{ticket}",
  tag: "tickets",
  summary: "publicApi.op.getTicket",
  description: "publicApi.op.getTicket.about",
  scope: "tickets:read",
  permission: "read:ticket",
  params: ticketParams,
  conditional: "read",
  response: { status: 200, description: "publicApi.response.ticket", schema: ticketSchema },
  example: { params: { ticket: "1042" } },
  async handle({ caller, params }) {
    const ticket = await visibleTicket(caller, params.ticket);
    const record = await ticketRecord(caller, ticket.id);
    if (!record) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
    return { status: 200, body: ticketOf(record), etag: record.version };
  },
});

// ───────────────────────────── create ─────────────────────────────

const tagsField = z
  .array(z.string().trim().toLowerCase().min(1, "validation.required").max(MAX_TAG_LENGTH, "helpdesk.fields.tagTooLong"))
  .max(MAX_TAGS, "helpdesk.fields.tooManyTags");

const createTicketBody = z
  .object({
    subject: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(250, "validation.tooLong"),
    body: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(MAX_BODY_LENGTH, "validation.tooLong").openapi({ description: "publicApi.field.firstMessage" }),
    requester: z
      .object({
        id: recordId().optional().openapi({ description: "publicApi.field.requesterId" }),
        email: z.string().trim().toLowerCase().email("validation.email").max(254, "validation.tooLong").optional().openapi({ description: "publicApi.field.requesterEmail" }),
        name: z.string().trim().max(120, "validation.tooLong").optional(),
        phone: phoneField.optional(),
        companyName: z.string().trim().max(120, "validation.tooLong").optional().openapi({ description: "publicApi.field.requesterCompany" }),
      })
      .strict()
      .refine((requester) => Boolean(requester.id || requester.email), { path: ["email"], message: "helpdesk.phone.emailRequired" }),
    channel: z.enum(ticketChannels).default("web").openapi({ description: "publicApi.field.channel" }),
    type: z.enum(ticketTypes).default("information"),
    priority: z.enum(ticketPriorities).default("normal"),
    groupId: recordId().nullable().optional(),
    assigneeId: recordId().nullable().optional(),
    tags: tagsField.optional(),
  })
  .strict()
  .openapi("NewTicket");

const createTicket = defineEndpoint({
  operationId: "createTicket",
  method: "post",
  path: "/tickets",
  tag: "tickets",
  summary: "publicApi.op.createTicket",
  description: "publicApi.op.createTicket.about",
  scope: "tickets:write",
  permission: "create:ticket",
  body: createTicketBody,
  fieldNames: { requesterId: "requester.id" },
  response: { status: 201, description: "publicApi.response.ticketCreated", schema: ticketSchema, location: true },
  otherResponse: { status: 204, description: "publicApi.response.ticketOutOfSight" },
  example: {
    body: {
      subject: "Imprimante bloquée",
      body: "L'imprimante du 2e étage affiche l'erreur E-204 depuis ce matin.",
      requester: { email: "marie.dupont@atelier-dupont.fr", name: "Marie Dupont" },
      priority: "high",
      tags: ["imprimante"],
    },
  },
  async handle({ caller, body, url }) {
    const created = await openTicketForCustomer({
      agentId: caller.id,
      channel: body.channel,
      requester: body.requester.id ? { contactId: body.requester.id } : { email: body.requester.email!, name: body.requester.name, phone: body.requester.phone, companyName: body.requester.companyName },
      subject: body.subject,
      body: body.body,
      type: body.type,
      priority: body.priority,
      groupId: body.groupId ?? null,
      assigneeId: body.assigneeId ?? null,
      tags: body.tags,
    });
    const record = await ticketRecord(caller, created.ticketId);
    // Given to a group the caller does not see: created, but not theirs to read.
    if (!record) return { status: 204, etag: created.version };
    return { status: 201, body: ticketOf(record), etag: record.version, location: url(`/tickets/${record.number}`) };
  },
});

// ───────────────────────────── update ─────────────────────────────

const updateTicketBody = z
  .object({
    subject: z.string().trim().min(1, "validation.required").max(250, "validation.tooLong").optional(),
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    type: z.enum(ticketTypes).optional(),
    groupId: recordId().nullable().optional().openapi({ description: "publicApi.field.nullClears" }),
    assigneeId: recordId().nullable().optional().openapi({ description: "publicApi.field.nullClears" }),
    tags: tagsField.optional().openapi({ description: "publicApi.field.tagsReplace" }),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "publicApi.validation.emptyPatch" })
  .openapi("TicketChanges");

const updateTicket = defineEndpoint({
  operationId: "updateTicket",
  method: "patch",
  path: "/tickets/{ticket}",
  tag: "tickets",
  summary: "publicApi.op.updateTicket",
  description: "publicApi.op.updateTicket.about",
  scope: "tickets:write",
  permission: "update:ticket",
  params: ticketParams,
  body: updateTicketBody,
  conditional: "required",
  refusals: [409],
  response: { status: 200, description: "publicApi.response.ticket", schema: ticketSchema },
  otherResponse: { status: 204, description: "publicApi.response.ticketOutOfSight" },
  example: { params: { ticket: "1042" }, body: { status: "solved", tags: ["imprimante", "résolu-à-distance"] } },
  async handle({ caller, params, body, expectedVersion }) {
    const ticket = await visibleTicket(caller, params.ticket);
    const version = await expectedVersion(async () => ticket.version);
    const changes: TicketFieldChanges = { ...body };
    const written = await changeTicketFields({ ticketId: ticket.id, agentId: caller.id, expectedVersion: version, changes });
    const record = await ticketRecord(caller, ticket.id);
    // Handed to a group the caller is not in: saved, and no longer theirs to read.
    if (!record) return { status: 204, etag: written.version };
    return { status: 200, body: ticketOf(record), etag: record.version };
  },
});

// ───────────────────────────── messages ─────────────────────────────

const messageBody = (kind: "reply" | "note") =>
  z
    .object({
      body: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(MAX_BODY_LENGTH, "validation.tooLong"),
      statusAfter: (kind === "reply" ? z.enum(replyStatuses).default("pending_customer") : z.enum(replyStatuses).optional()).openapi({
        description: kind === "reply" ? "publicApi.field.replyStatusAfter" : "publicApi.field.noteStatusAfter",
      }),
      attachments: attachmentUploads.optional(),
    })
    .strict()
    .openapi(kind === "reply" ? "NewReply" : "NewNote");

const messageCreated = z
  .object({ message: messageSchema, ticket: z.object({ id: z.string(), number: z.number().int(), status: z.enum(ticketStatuses), version: z.number().int() }) })
  .openapi("MessageCreated");

function messageEndpoint(kind: "reply" | "note") {
  return defineEndpoint({
    operationId: kind === "reply" ? "replyToTicket" : "addInternalNote",
    method: "post",
    path: kind === "reply" ? "/tickets/{ticket}/replies" : "/tickets/{ticket}/notes",
    tag: "tickets",
    summary: kind === "reply" ? "publicApi.op.replyToTicket" : "publicApi.op.addInternalNote",
    description: kind === "reply" ? "publicApi.op.replyToTicket.about" : "publicApi.op.addInternalNote.about",
    scope: "tickets:write",
    permission: "update:ticket",
    params: ticketParams,
    body: messageBody(kind),
    maxBodyBytes: MAX_MESSAGE_BODY_BYTES,
    conditional: "optional",
    refusals: [409],
    response: { status: 201, description: kind === "reply" ? "publicApi.response.replyCreated" : "publicApi.response.noteCreated", schema: messageCreated },
    example:
      kind === "reply"
        ? { params: { ticket: "1042" }, body: { body: "Bonjour Madame Dupont,\n\nLe technicien passe demain à 9 h.\n\nCordialement", statusAfter: "pending_customer" } }
        : { params: { ticket: "1042" }, body: { body: "Cartouche commandée chez le fournisseur, livraison jeudi." } },
    async handle({ caller, params, body, expectedVersion }) {
      const ticket = await visibleTicket(caller, params.ticket);
      const version = await expectedVersion(async () => ticket.version);
      const attachments = body.attachments?.length ? await storeUploads(body.attachments) : undefined;
      // A reply still holding a canned reply's {{placeholder}} is refused by the domain on "body" (422).
      const written = await replyToTicket({
        ticketId: ticket.id,
        agentId: caller.id,
        form: { version, loadedAt: new Date(), visibility: kind === "reply" ? "public" : "internal", body: body.body, statusAfter: body.statusAfter ?? "" },
        attachments,
      });
      const record = await ticketRecord(caller, ticket.id);
      const message = record?.messages.find((entry) => entry.id === written.messageId);
      if (!record || !message) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
      return {
        status: 201,
        body: { message: messageOf(message), ticket: { id: record.id, number: record.number, status: record.status as z.input<typeof messageCreated>["ticket"]["status"], version: record.version } },
        etag: record.version,
      };
    },
  });
}

// ───────────────────────────── attachments ─────────────────────────────

const downloadAttachment = defineEndpoint({
  operationId: "downloadAttachment",
  method: "get",
  path: "/attachments/{attachment}",
  tag: "attachments",
  summary: "publicApi.op.downloadAttachment",
  description: "publicApi.op.downloadAttachment.about",
  scope: "tickets:read",
  permission: "read:ticket",
  params: z.object({ attachment: recordId().openapi({ description: "publicApi.param.attachment" }) }),
  response: { status: 200, description: "publicApi.response.file", schema: z.string().openapi({ type: "string", format: "binary" }), contentTypes: ["application/octet-stream", "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"] },
  example: { params: { attachment: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params, header, url }) {
    const attachment = await findVisibleAttachment(caller, params.attachment, { publicOnly: !canReadInternalNotes(caller) });
    if (!attachment) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
    const ifNoneMatch = header("if-none-match");
    const request = new Request(url(`/attachments/${params.attachment}`), { headers: ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {} });
    return { status: "raw", response: streamAttachment(request, attachment) };
  },
});

export const ticketEndpoints = [listTickets, getTicket, createTicket, updateTicket, messageEndpoint("reply"), messageEndpoint("note"), downloadAttachment];

