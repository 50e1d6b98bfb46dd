import { findCompanyRecord } from "~/domain/customers/company-queries.server";
import { findContactRecord } from "~/domain/customers/contact-queries.server";
import { customerTimeline, TIMELINE_DEFAULT_LIMIT, TIMELINE_MAX_LIMIT, timelineKinds, type TimelineEntry } from "~/domain/customers/timeline.server";
import { decodeCursor as decodeTimelineCursor } from "~/domain/customers/timeline/timeline-entry";
import { ticketPriorities, ticketStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { MAX_LIMIT as MAX_SEARCH_LIMIT, MAX_QUERY_LENGTH, search, searchGroups, type SearchResults } from "~/domain/search/search.server";
import { env } from "~/lib/env.server";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem } from "../problem.server";
import { instant, limitQuery, listQuery, pageOf, pageQuery, recordId } from "../schemas";
import { z } from "../zod";

/**
 * The customer timeline of a contact or a company (the registry of sources, each under its own
 * access rule, newest first, cursor paging) and the workspace search (tickets, contacts,
 * companies; tickets under the ticket rule), as the interface shows them.
 */

// ───────────────────────────── timeline ─────────────────────────────

const timelineEntrySchema = z
  .object({
    kind: z.enum(timelineKinds),
    at: instant(),
    id: z.string().openapi({ description: "publicApi.field.timelineId" }),
    title: z.string(),
    summary: z.string(),
    actor: z
      .object({ kind: z.enum(["user", "contact"]), id: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: "publicApi.field.timelineActor" }),
    meta: z.record(z.string()).openapi({ description: "publicApi.field.timelineMeta" }),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("TimelineEntry");

function entryOf(entry: TimelineEntry): z.input<typeof timelineEntrySchema> {
  return { kind: entry.kind, at: entry.at, id: entry.id, title: entry.title, summary: entry.summary, actor: entry.actor, meta: entry.meta, webUrl: `${env().PUBLIC_URL}${entry.link}` };
}

const timelineQuery = z
  .object({
    kinds: listQuery(timelineKinds).optional().openapi({ description: "publicApi.param.timelineKinds" }),
    limit: limitQuery(TIMELINE_MAX_LIMIT, TIMELINE_DEFAULT_LIMIT),
    cursor: pageQuery.cursor,
  })
  .superRefine((query, context) => {
    if (query.cursor && !decodeTimelineCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
  });

function timelineEndpoint(kind: "contact" | "company") {
  return defineEndpoint({
    operationId: kind === "contact" ? "contactTimeline" : "companyTimeline",
    method: "get",
    path: kind === "contact" ? "/contacts/{contact}/timeline" : "/companies/{company}/timeline",
    tag: kind === "contact" ? "contacts" : "companies",
    summary: kind === "contact" ? "publicApi.op.contactTimeline" : "publicApi.op.companyTimeline",
    description: "publicApi.op.timeline.about",
    scope: "customers:read",
    permission: "read:customer",
    params: kind === "contact" ? z.object({ contact: recordId().openapi({ description: "publicApi.param.contact" }) }) : z.object({ company: recordId().openapi({ description: "publicApi.param.company" }) }),
    query: timelineQuery,
    paginated: true,
    response: { status: 200, description: "publicApi.response.timeline", schema: pageOf(timelineEntrySchema, "TimelinePage") },
    example: { params: { [kind]: "cmf3k2x0p0001qv8h5t2d9a1b" }, query: { kinds: "ticket,message,deal", limit: "25" } },
    async handle({ caller, params, query }) {
      const id = (params as Record<string, string>)[kind]!;
      const exists = kind === "contact" ? await findContactRecord(id) : await findCompanyRecord(id);
      if (!exists) throw new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
      const page = await customerTimeline(caller, { ...(kind === "contact" ? { contactId: id } : { companyId: id }), kinds: query.kinds, cursor: query.cursor, limit: query.limit });
      return { status: 200, body: { data: page.entries.map(entryOf), next: page.nextCursor } };
    },
  });
}

// ───────────────────────────── search ─────────────────────────────

const searchSchema = z
  .object({
    query: z.string().openapi({ description: "publicApi.field.searchQuery" }),
    searched: z.boolean().openapi({ description: "publicApi.field.searched" }),
    tickets: z.array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        subject: z.string(),
        status: z.enum(ticketStatuses),
        priority: z.enum(ticketPriorities),
        updatedAt: instant(),
        requesterName: z.string(),
        companyName: z.string().nullable(),
        matchedIn: z.enum(["number", "subject", "message", "note"]),
        excerpt: z.array(z.object({ text: z.string(), match: z.boolean() })).nullable().openapi({ description: "publicApi.field.excerpt" }),
        webUrl: z.string().url(),
      }),
    ),
    contacts: z.array(z.object({ id: z.string(), name: z.string(), jobTitle: z.string(), emails: z.array(z.string()), companyName: z.string().nullable() })),
    companies: z.array(z.object({ id: z.string(), name: z.string(), city: z.string(), sector: z.string(), domains: z.array(z.string()) })),
    more: z.object({ tickets: z.boolean(), contacts: z.boolean(), companies: z.boolean() }).openapi({ description: "publicApi.field.searchMore" }),
    stoppedEarly: z.boolean().openapi({ description: "publicApi.field.stoppedEarly" }),
  })
  .openapi("SearchResults");

type SearchOut = z.input<typeof searchSchema>;

function resultsOf(results: SearchResults): SearchOut {
  return {
    query: results.query,
    searched: results.searched,
    tickets: results.tickets.map((ticket) => ({
      ...ticket,
      status: ticket.status as SearchOut["tickets"][number]["status"],
      priority: ticket.priority as SearchOut["tickets"][number]["priority"],
      webUrl: `${env().PUBLIC_URL}/support/tickets/${ticket.number}`,
    })),
    contacts: results.contacts,
    companies: results.companies,
    more: results.more,
    stoppedEarly: results.stoppedEarly,
  };
}

const searchEndpoint = defineEndpoint({
  operationId: "search",
  method: "get",
  path: "/search",
  tag: "search",
  summary: "publicApi.op.search",
  description: "publicApi.op.search.about",
  scope: "customers:read",
  permission: ["read:customer", "read:ticket"],
  query: z.object({
    q: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(MAX_QUERY_LENGTH, "validation.tooLong").openapi({ description: "publicApi.param.searchQuery" }),
    groups: listQuery(searchGroups).optional().openapi({ description: "publicApi.param.searchGroups" }),
    limit: limitQuery(MAX_SEARCH_LIMIT, 10),
  }),
  response: { status: 200, description: "publicApi.response.searchResults", schema: searchSchema },
  example: { query: { q: "imprimante dupont", groups: "tickets,contacts" } },
  async handle({ caller, query }) {
    const results = await search(caller, query.q, { limit: query.limit, groups: query.groups });
    return { status: 200, body: resultsOf(results) };
  },
});

export const timelineAndSearchEndpoints = [timelineEndpoint("contact"), timelineEndpoint("company"), searchEndpoint];

