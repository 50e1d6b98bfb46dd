import { z } from "zod";
import { ticketChannels, ticketPriorities, ticketTypes, unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { defineCondition, type SegmentSqlContext } from "../segment-condition";
import { DAY_MS, asNumber, countParam, daysParam, placeholders } from "./condition-params";

/**
 * Conditions on what the customer experienced with support. Merged tickets are left out (they
 * live on in the ticket they were merged into).
 *
 * Whose tickets, per kind (what a marketer means by it):
 * - tickets in the last N days, open tickets, last rating: the CONTACT's own (as requester): « il
 *   n'a écrit aucun ticket depuis 90 jours », « sa dernière évaluation est bonne »;
 * - an open incident, SLA breaches: the contact's OR THEIR COMPANY's (any requester of the
 *   company): a customer whose colleague's production line is down is not to be solicited.
 */

const ownTickets = `t."requesterId" = c."id" AND t."mergedIntoId" IS NULL`;
const companyTickets = `(t."requesterId" = c."id" OR t."companyId" = c."companyId") AND t."mergedIntoId" IS NULL`;
const unresolved = `t."status" IN (${unresolvedStatuses.map((status) => `'${status}'`).join(", ")})`;

const optionalChoices = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.array(z.enum(values, { errorMap: () => ({ message: "validation.choose" }) })).default([]);

const ticketsSchema = z.discriminatedUnion(
  "comparison",
  [
    z.object({ comparison: z.literal("at_least"), count: countParam, days: daysParam, types: optionalChoices(ticketTypes), channels: optionalChoices(ticketChannels) }),
    z.object({ comparison: z.literal("none"), days: daysParam, types: optionalChoices(ticketTypes), channels: optionalChoices(ticketChannels) }),
  ],
  { errorMap: () => ({ message: "validation.choose" }) },
);
type TicketsParams = z.infer<typeof ticketsSchema>;

function recentTickets(params: TicketsParams, { now, dateTime }: SegmentSqlContext) {
  const types = params.types.length ? ` AND t."type" IN (${placeholders(params.types)})` : "";
  const channels = params.channels.length ? ` AND t."channel" IN (${placeholders(params.channels)})` : "";
  return {
    sql: `FROM "Ticket" t WHERE ${ownTickets} AND t."createdAt" >= ?${types}${channels}`,
    values: [dateTime(new Date(now.getTime() - params.days * DAY_MS)), ...params.types, ...params.channels],
  };
}

/** Tickets the contact wrote in the last N days (optionally of some types and channels): at least N, or none. */
export const serviceTicketsCondition = defineCondition({
  kind: "service.tickets",
  family: "service",
  params: ticketsSchema,
  describe: (params, { t, format }) => {
    const what = [
      params.types.length ? t("segment.condition.ticketsOfType", { types: params.types.map((type) => t(`ticket.type.${type}`)).join(", ") }) : "",
      params.channels.length ? t("segment.condition.ticketsByChannel", { channels: params.channels.map((channel) => t(`ticket.channel.${channel}`)).join(", ") }) : "",
    ]
      .filter(Boolean)
      .join(" ");
    const days = format.number(params.days);
    const line =
      params.comparison === "none"
        ? t("segment.condition.ticketsNone", { days })
        : t("segment.condition.ticketsAtLeast", { count: format.number(params.count), days });
    return what ? `${line} (${what})` : line;
  },
  predicate: (params, context) => {
    const from = recentTickets(params, context);
    return params.comparison === "none"
      ? { sql: `NOT EXISTS (SELECT 1 ${from.sql})`, values: from.values }
      : { sql: `(SELECT count(*) ${from.sql}) >= ?`, values: [...from.values, params.count] };
  },
  value: (params, context) => {
    const from = recentTickets(params, context);
    return { sql: `(SELECT count(*) ${from.sql})`, values: from.values };
  },
  displayValue: (value, _params, { t, format }) => t("segment.value.tickets", { count: format.number(asNumber(value)) }),
});

/** The contact has at least one ticket still waiting for an answer or a solution. */
export const serviceOpenTicketsCondition = defineCondition({
  kind: "service.openTickets",
  family: "service",
  params: z.object({}),
  describe: (_params, { t }) => t("segment.condition.openTickets"),
  predicate: () => ({ sql: `EXISTS (SELECT 1 FROM "Ticket" t WHERE ${ownTickets} AND ${unresolved})`, values: [] }),
  value: () => ({ sql: `(SELECT count(*) FROM "Ticket" t WHERE ${ownTickets} AND ${unresolved})`, values: [] }),
  displayValue: (value, _params, { t, format }) => t("segment.value.tickets", { count: format.number(asNumber(value)) }),
});

/** The priorities at or above a minimum (« haute ou plus » = high, urgent). */
export function prioritiesFrom(minimum: (typeof ticketPriorities)[number]): string[] {
  return ticketPriorities.slice(ticketPriorities.indexOf(minimum));
}

const openIncidents = (minimum: (typeof ticketPriorities)[number]) => {
  const priorities = prioritiesFrom(minimum);
  return { sql: `FROM "Ticket" t WHERE ${companyTickets} AND t."type" = 'incident' AND ${unresolved} AND t."priority" IN (${placeholders(priorities)})`, values: priorities };
};

/** The contact or their company has an unresolved incident of a priority or higher. */
export const serviceOpenIncidentCondition = defineCondition({
  kind: "service.openIncident",
  family: "service",
  params: z.object({ minPriority: z.enum(ticketPriorities, { errorMap: () => ({ message: "validation.choose" }) }) }),
  describe: ({ minPriority }, { t }) => t("segment.condition.openIncident", { priority: t(`ticket.priority.${minPriority}`) }),
  predicate: ({ minPriority }) => {
    const from = openIncidents(minPriority);
    return { sql: `EXISTS (SELECT 1 ${from.sql})`, values: from.values };
  },
  value: ({ minPriority }) => {
    const from = openIncidents(minPriority);
    return { sql: `(SELECT count(*) ${from.sql})`, values: from.values };
  },
  displayValue: (value, _params, { t, format }) => t("segment.value.incidents", { count: format.number(asNumber(value)) }),
});

/**
 * A ticket whose SLA was breached: answered or solved after its due time, or still unanswered /
 * unsolved (and not paused) past it. The same rule as the sales' service panel.
 */
function breachedTickets(days: number, { now, dateTime }: SegmentSqlContext) {
  const at = dateTime(now);
  return {
    sql:
      `FROM "Ticket" t WHERE ${companyTickets} AND t."createdAt" >= ? AND (` +
      `(t."firstResponseDueAt" IS NOT NULL AND t."firstRespondedAt" > t."firstResponseDueAt")` +
      ` OR (t."firstResponseDueAt" < ? AND t."firstRespondedAt" IS NULL AND ${unresolved})` +
      ` OR (t."resolutionDueAt" IS NOT NULL AND t."solvedAt" > t."resolutionDueAt")` +
      ` OR (t."resolutionDueAt" < ? AND t."solvedAt" IS NULL AND t."slaPausedSince" IS NULL AND ${unresolved}))`,
    values: [dateTime(new Date(now.getTime() - days * DAY_MS)), at, at],
  };
}

/** At least N tickets of the contact or their company breached their SLA in the last N days. */
export const serviceSlaBreachesCondition = defineCondition({
  kind: "service.slaBreaches",
  family: "service",
  params: z.object({ days: daysParam, count: countParam.default(1) }),
  describe: ({ days, count }, { t, format }) => t("segment.condition.slaBreaches", { count: format.number(count), days: format.number(days) }),
  predicate: ({ days, count }, context) => {
    const from = breachedTickets(days, context);
    return { sql: `(SELECT count(*) ${from.sql}) >= ?`, values: [...from.values, count] };
  },
  value: ({ days }, context) => {
    const from = breachedTickets(days, context);
    return { sql: `(SELECT count(*) ${from.sql})`, values: from.values };
  },
  displayValue: (value, _params, { t, format }) => t("segment.value.tickets", { count: format.number(asNumber(value)) }),
});

export const satisfactionRatings = ["good", "bad"] as const;
const lastRatingSql = `(SELECT r."rating" FROM "SatisfactionRating" r WHERE r."contactId" = c."id" ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1)`;

/** The contact's most recent satisfaction rating is good (or bad). A contact who never rated meets neither. */
export const serviceLastRatingCondition = defineCondition({
  kind: "service.lastRating",
  family: "service",
  params: z.object({ rating: z.enum(satisfactionRatings, { errorMap: () => ({ message: "validation.choose" }) }) }),
  describe: ({ rating }, { t }) => t("segment.condition.lastRating", { rating: t(`segment.rating.${rating}`) }),
  predicate: ({ rating }) => ({ sql: `${lastRatingSql} = ?`, values: [rating] }),
  value: () => ({ sql: lastRatingSql, values: [] }),
  displayValue: (value, _params, { t }) => ((satisfactionRatings as readonly unknown[]).includes(value) ? t(`segment.rating.${value as "good" | "bad"}`) : t("segment.value.noRating")),
});
