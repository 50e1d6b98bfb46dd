import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { DrillDown, DrillDownPage } from "../report-drill-down";
import { periodRange, type ReportRange } from "../report-period";
import type { ReportContext, TableData } from "../report-section";
import { ratingsWhere } from "./service-satisfaction.server";
import { backlogAt, backlogTicketIds, slaMissedTicketCount, slaMissedTicketIds, ticketsPerSpan, type TicketScopeSql } from "~/lib/sqlite-service-report.server";
import { scopeSql, seesServiceFigures, serviceScopeFor, serviceTicketsWhere } from "./service-scope.server";
import { customersWaitingWhere } from "./service-waiting.server";
import { bringServiceTalliesUpToDate } from "../service-tallies.server";
import { readsTallies, talliedSlaTargetsDue } from "./service-tallied.server";

/**
 * The lists behind the service figures: exactly the records each figure counts, for the same
 * viewer and period (tests check each list's total against its figure).
 */

const ticketSelect = {
  number: true,
  subject: true,
  status: true,
  createdAt: true,
  solvedAt: true,
  firstResponseDueAt: true,
  firstRespondedAt: true,
  resolutionDueAt: true,
  lastCustomerMessageAt: true,
  group: { select: { name: true } },
  assignee: { select: { name: true } },
} satisfies Prisma.TicketSelect;
type ListedTicket = Prisma.TicketGetPayload<{ select: typeof ticketSelect }>;

type TicketColumn = "solvedAt" | "firstResponseDueAt" | "firstRespondedAt" | "resolutionDueAt" | "lastCustomerMessageAt";
const columnLabels: Record<TicketColumn, MessageKey> = {
  solvedAt: "reporting.service.column.solvedAt",
  firstResponseDueAt: "reporting.service.column.firstResponseDueAt",
  firstRespondedAt: "reporting.service.column.firstRespondedAt",
  resolutionDueAt: "reporting.service.column.resolutionDueAt",
  lastCustomerMessageAt: "reporting.service.column.waitingSince",
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

async function pageOf<Row>(
  count: () => Promise<number>,
  rows: (page: { skip: number; take: number | undefined }) => Promise<Row[]>,
  page: { offset: number; limit: number | null },
): Promise<{ total: number; rows: Row[] }> {
  const [total, listed] = await Promise.all([count(), rows({ skip: page.offset, take: page.limit ?? undefined })]);
  return { total, rows: listed };
}

function ticketDrillDown(options: {
  id: string;
  title: MessageKey;
  description: MessageKey;
  where: (range: ReportRange, context: ReportContext) => Prisma.TicketWhereInput;
  orderBy: Prisma.TicketOrderByWithRelationInput;
  columns: TicketColumn[];
  /**
   * How many there are, when the figure's own statement counts them faster than Prisma's OR
   * (which SQLite answers by scanning); the list's rows are still the Prisma filter's, and the
   * tests check that both agree.
   */
  count?: (range: ReportRange, context: ReportContext, scope: TicketScopeSql) => Promise<number>;
  /** The ids of one page, when the figure's own statements find them faster (kept in this order). */
  pageIds?: (range: ReportRange, context: ReportContext, scope: TicketScopeSql, page: { offset: number; limit: number | null }) => Promise<string[]>;
}): DrillDown {
  return {
    id: options.id,
    shownTo: seesServiceFigures,
    async list(context, page): Promise<DrillDownPage> {
      const scope = await serviceScopeFor(context.viewer);
      const range = periodRange(context.period, context.timeZone);
      const where = { AND: [await serviceTicketsWhere(context.viewer, scope), options.where(range, context)] };
      const { count, pageIds } = options;
      const { total, rows } = await pageOf(
        () => (count && scope.kind !== "none" ? count(range, context, scopeSql(scope)) : db().ticket.count({ where })),
        async ({ skip, take }) => {
          if (!pageIds || scope.kind === "none") return db().ticket.findMany({ where, select: ticketSelect, orderBy: [options.orderBy, { id: "asc" }], skip, take });
          const ids = await pageIds(range, context, scopeSql(scope), page);
          const found = new Map((await db().ticket.findMany({ where: { AND: [where, { id: { in: ids } }] }, select: { ...ticketSelect, id: true } })).map((ticket) => [ticket.id, ticket]));
          return ids.map((id) => found.get(id)).filter((ticket): ticket is NonNullable<typeof ticket> => ticket !== undefined);
        },
        page,
      );
      const columns: TableData["columns"] = [
        { key: "number", label: "reporting.service.column.ticket", format: "text" },
        { key: "subject", label: "reporting.service.column.subject", format: "text" },
        { key: "status", label: "reporting.service.column.status", format: "key" },
        { key: "group", label: "reporting.service.column.group", format: "text" },
        { key: "agent", label: "reporting.service.column.agent", format: "text" },
        { key: "createdAt", label: "reporting.service.column.createdAt", format: "datetime" },
        ...options.columns.map((column) => ({ key: column, label: columnLabels[column], format: "datetime" as const })),
      ];
      return {
        title: options.title,
        description: options.description,
        columns,
        total,
        rows: rows.map((ticket: ListedTicket) => ({
          href: `/support/tickets/${ticket.number}`,
          cells: {
            number: `#${ticket.number}`,
            subject: ticket.subject,
            status: `ticket.status.${ticket.status}`,
            group: ticket.group?.name ?? null,
            agent: ticket.assignee?.name ?? null,
            createdAt: iso(ticket.createdAt),
            ...Object.fromEntries(options.columns.map((column) => [column, iso(ticket[column])])),
          },
        })),
      };
    },
  };
}

const inRange = (range: ReportRange) => ({ gte: range.from, lt: range.to });
const fields = () => db().ticket.fields;

/** A first response due in the period and missed: answered late, or past due and not answered at `now`. */
export function firstResponseMissedWhere(range: ReportRange, now: Date): Prisma.TicketWhereInput {
  return {
    firstResponseDueAt: inRange(range),
    OR: [{ firstRespondedAt: { gt: fields().firstResponseDueAt } }, { firstRespondedAt: null, firstResponseDueAt: { lt: now } }],
  };
}

/** A resolution due in the period and missed: solved late, or past due, not solved and not paused at `now`. */
export function resolutionMissedWhere(range: ReportRange, now: Date): Prisma.TicketWhereInput {
  return {
    resolutionDueAt: inRange(range),
    OR: [{ solvedAt: { gt: fields().resolutionDueAt } }, { solvedAt: null, slaPausedSince: null, resolutionDueAt: { lt: now } }],
  };
}

const ticketDrillDowns: DrillDown[] = [
  ticketDrillDown({
    id: "service.waiting",
    title: "reporting.service.waiting",
    description: "reporting.service.waiting.hint",
    // "Now": the same tickets whatever the period.
    where: () => customersWaitingWhere({}),
    orderBy: { lastCustomerMessageAt: "asc" },
    columns: ["lastCustomerMessageAt"],
  }),
  ticketDrillDown({
    id: "service.created",
    title: "reporting.service.created",
    description: "reporting.service.created.hint",
    where: (range) => ({ createdAt: inRange(range) }),
    orderBy: { createdAt: "desc" },
    columns: [],
    count: async (range, _context, scope) => (await ticketsPerSpan("createdAt", [range], scope))[0],
  }),
  ticketDrillDown({
    id: "service.solved",
    title: "reporting.service.solved",
    description: "reporting.service.solved.hint",
    where: (range) => ({ solvedAt: inRange(range) }),
    orderBy: { solvedAt: "desc" },
    columns: ["solvedAt"],
    count: async (range, _context, scope) => (await ticketsPerSpan("solvedAt", [range], scope))[0],
  }),
  ticketDrillDown({
    id: "service.backlog",
    title: "reporting.service.backlog",
    description: "reporting.service.backlog.hint",
    where: (range) => ({ createdAt: { lt: range.to }, OR: [{ solvedAt: null }, { solvedAt: { gte: range.to } }] }),
    orderBy: { createdAt: "desc" },
    columns: ["solvedAt"],
    count: (range, _context, scope) => backlogAt(range.to, scope),
    pageIds: (range, _context, scope, page) => backlogTicketIds(range.to, scope, page),
  }),
  ticketDrillDown({
    id: "service.sla-breached",
    title: "reporting.service.slaBreached",
    description: "reporting.service.slaBreached.hint",
    where: (range, context) => ({ OR: [firstResponseMissedWhere(range, context.now), resolutionMissedWhere(range, context.now)] }),
    orderBy: { createdAt: "desc" },
    columns: ["firstResponseDueAt", "firstRespondedAt", "resolutionDueAt", "solvedAt"],
    // A manager's count from the tallies (as the figure), the page from the due dates' indexes.
    count: async (range, context, scope) => {
      if (!readsTallies({ scope, context })) return slaMissedTicketCount(range, context.now, scope);
      await bringServiceTalliesUpToDate();
      return (await talliedSlaTargetsDue(context, context.period)).ticketsMissed;
    },
    pageIds: (range, context, scope, page) => slaMissedTicketIds(range, context.now, scope, page),
  }),
];

function ratingDrillDown(id: string, title: MessageKey, rating: "bad" | null): DrillDown {
  return {
    id,
    shownTo: seesServiceFigures,
    async list(context, page) {
      const scope = await serviceScopeFor(context.viewer);
      const where: Prisma.SatisfactionRatingWhereInput = {
        ...ratingsWhere(await serviceTicketsWhere(context.viewer, scope), periodRange(context.period, context.timeZone)),
        ...(rating ? { rating } : {}),
      };
      const { total, rows } = await pageOf(
        () => db().satisfactionRating.count({ where }),
        ({ skip, take }) =>
          db().satisfactionRating.findMany({
            where,
            select: { rating: true, comment: true, createdAt: true, ticket: { select: { number: true, subject: true } }, contact: { select: { firstName: true, lastName: true } } },
            orderBy: [{ createdAt: "desc" }, { id: "asc" }],
            skip,
            take,
          }),
        page,
      );
      return {
        title,
        columns: [
          { key: "number", label: "reporting.service.column.ticket", format: "text" },
          { key: "subject", label: "reporting.service.column.subject", format: "text" },
          { key: "customer", label: "reporting.service.column.customer", format: "text" },
          { key: "rating", label: "reporting.service.column.rating", format: "key" },
          { key: "comment", label: "reporting.service.column.comment", format: "text" },
          { key: "createdAt", label: "reporting.service.column.ratedAt", format: "date" },
        ],
        total,
        rows: rows.map((row) => ({
          href: `/support/tickets/${row.ticket.number}`,
          cells: {
            number: `#${row.ticket.number}`,
            subject: row.ticket.subject,
            customer: `${row.contact.firstName} ${row.contact.lastName}`.trim(),
            rating: row.rating === "good" ? "reporting.service.rating.good" : "reporting.service.rating.bad",
            comment: row.comment,
            createdAt: row.createdAt.toISOString(),
          },
        })),
      };
    },
  };
}

const interventionsDrillDown: DrillDown = {
  id: "service.interventions",
  shownTo: seesServiceFigures,
  async list(context, page) {
    const scope = await serviceScopeFor(context.viewer);
    const range = periodRange(context.period, context.timeZone);
    const where: Prisma.InterventionWhereInput = { status: "done", endsAt: inRange(range), ticket: await serviceTicketsWhere(context.viewer, scope) };
    const { total, rows } = await pageOf(
      () => db().intervention.count({ where }),
      ({ skip, take }) =>
        db().intervention.findMany({
          where,
          select: { kind: true, startsAt: true, endsAt: true, ticket: { select: { number: true, subject: true } }, technician: { select: { name: true } } },
          orderBy: [{ endsAt: "desc" }, { id: "asc" }],
          skip,
          take,
        }),
      page,
    );
    return {
      title: "reporting.service.interventions",
      description: "reporting.service.interventions.hint",
      columns: [
        { key: "number", label: "reporting.service.column.ticket", format: "text" },
        { key: "subject", label: "reporting.service.column.subject", format: "text" },
        { key: "technician", label: "reporting.service.column.technician", format: "text" },
        { key: "kind", label: "reporting.service.column.kind", format: "key" },
        { key: "startsAt", label: "reporting.service.column.startsAt", format: "datetime" },
        { key: "minutes", label: "reporting.service.column.duration", format: "minutes" },
      ],
      total,
      rows: rows.map((row) => ({
        href: `/support/tickets/${row.ticket.number}`,
        cells: {
          number: `#${row.ticket.number}`,
          subject: row.ticket.subject,
          technician: row.technician.name,
          kind: row.kind === "onsite" ? "reporting.service.intervention.onsite" : "reporting.service.intervention.remote",
          startsAt: row.startsAt.toISOString(),
          minutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
        },
      })),
    };
  },
};

export const serviceDrillDowns: DrillDown[] = [
  ...ticketDrillDowns,
  ratingDrillDown("service.ratings", "reporting.service.ratings", null),
  ratingDrillDown("service.bad-ratings", "reporting.service.badRatings", "bad"),
  interventionsDrillDown,
];
