import type { Prisma } from "~/generated/prisma/client";
import { contactDisplayName } from "~/domain/customers/contacts.server";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { signToken, verifyToken } from "~/lib/signed-tokens.server";
import type { SatisfactionValue } from "./satisfaction";

/**
 * Satisfaction: once a ticket is solved its requester rates it, good or bad with a comment,
 * from the portal or from the signed link in the "solved" mail (no sign-in needed, once).
 * Ratings show on the ticket, and are summed up per agent (the ticket's assignee) and per company.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const RATING_LINK_DAYS = 30;
const PURPOSE = "satisfaction";

type RatingTokenPayload = { k: string; c: string; e: number };

/** The token of the rating link put in the "solved" mail. */
export function satisfactionToken(input: { ticketId: string; contactId: string; now?: Date }): string {
  const expires = (input.now ?? new Date()).getTime() + RATING_LINK_DAYS * DAY_MS;
  return signToken(PURPOSE, { k: input.ticketId, c: input.contactId, e: expires } satisfies RatingTokenPayload);
}

/** Absolute rating links for a mail: one per answer, the page lets the customer add a comment. */
export function satisfactionLinks(input: { ticketId: string; contactId: string; now?: Date }): { good: string; bad: string; page: string } {
  const token = satisfactionToken(input);
  const base = `${env().PUBLIC_URL}/satisfaction/${token}`;
  return { page: base, good: `${base}?note=good`, bad: `${base}?note=bad` };
}

export type RatingLink = { ticketId: string; contactId: string };

export function readSatisfactionToken(token: string, now = new Date()): RatingLink | "expired" | null {
  const payload = verifyToken<RatingTokenPayload>(PURPOSE, token);
  if (!payload || typeof payload.k !== "string" || typeof payload.c !== "string" || typeof payload.e !== "number") return null;
  if (payload.e <= now.getTime()) return "expired";
  return { ticketId: payload.k, contactId: payload.c };
}

/** The ticket a rating link is about, as the rating page shows it (public fields only). */
export async function ratingLinkTicket(link: RatingLink) {
  return db().ticket.findFirst({
    where: { id: link.ticketId, requesterId: link.contactId },
    select: {
      number: true,
      subject: true,
      status: true,
      rating: { select: { rating: true, comment: true, createdAt: true } },
    },
  });
}

/**
 * Records the requester's rating. From the link it can be given once; from the portal the
 * customer may change it. Only solved or closed tickets can be rated, only by their requester.
 */
export async function rateTicket(input: { ticketId: string; contactId: string; rating: SatisfactionValue; comment: string; via: "portal" | "link" }) {
  await transactionWithEvents(async (tx, events) => {
    const ticket = await tx.ticket.findUnique({
      where: { id: input.ticketId },
      select: { id: true, status: true, requesterId: true, rating: { select: { id: true } } },
    });
    if (!ticket || ticket.requesterId !== input.contactId) throw new DomainError("errors.notFound");
    if (ticket.status !== "solved" && ticket.status !== "closed") throw new DomainError("portal.rating.notSolved");
    if (ticket.rating && input.via === "link") throw new DomainError("portal.rating.alreadyRated");
    await tx.satisfactionRating.upsert({
      where: { ticketId: ticket.id },
      create: { ticketId: ticket.id, contactId: input.contactId, rating: input.rating, comment: input.comment },
      update: { rating: input.rating, comment: input.comment },
    });
    events.record("ticket.updated", { ticketId: input.ticketId, actorId: null, changes: ["rating"] });
  });
}

/** The rating of one ticket, for the agent's ticket page (read-only block). */
export async function ticketRating(ticketId: string) {
  return db().satisfactionRating.findUnique({
    where: { ticketId },
    select: { rating: true, comment: true, createdAt: true, updatedAt: true, contact: { select: { firstName: true, lastName: true } } },
  });
}

export type RatingSummary = {
  good: number;
  bad: number;
  total: number;
  /** Share of good ratings, 0–100, or null without ratings. */
  percentGood: number | null;
  recent: Array<{ ticketNumber: number; subject: string; rating: SatisfactionValue; comment: string; createdAt: Date; requesterName: string }>;
};

/**
 * Satisfaction of an agent (ratings of the tickets assigned to them) or of a company, over an
 * optional period, with the latest ratings. For the agent, company and dashboard pages.
 */
export async function ratingSummary(
  subject: { userId: string } | { companyId: string },
  options: {
    since?: Date;
    recent?: number;
    /** Count and show only the tickets this staff member may see (a technician restricted to their groups). */
    viewer?: TicketViewer;
  } = {},
): Promise<RatingSummary> {
  const subjectWhere: Prisma.TicketWhereInput = "userId" in subject ? { assigneeId: subject.userId } : { companyId: subject.companyId };
  const ticketWhere: Prisma.TicketWhereInput = options.viewer ? { AND: [subjectWhere, await visibleTicketsWhere(options.viewer)] } : subjectWhere;
  const where: Prisma.SatisfactionRatingWhereInput = { ticket: ticketWhere, ...(options.since ? { createdAt: { gte: options.since } } : {}) };
  const [groups, recent] = await Promise.all([
    db().satisfactionRating.groupBy({ by: ["rating"], where, _count: { _all: true } }),
    db().satisfactionRating.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: options.recent ?? 5,
      select: {
        rating: true,
        comment: true,
        createdAt: true,
        ticket: { select: { number: true, subject: true } },
        contact: { select: { firstName: true, lastName: true } },
      },
    }),
  ]);
  const good = groups.find((group) => group.rating === "good")?._count._all ?? 0;
  const bad = groups.find((group) => group.rating === "bad")?._count._all ?? 0;
  const total = good + bad;
  return {
    good,
    bad,
    total,
    percentGood: total === 0 ? null : Math.round((good / total) * 100),
    recent: recent.map((entry) => ({
      ticketNumber: entry.ticket.number,
      subject: entry.ticket.subject,
      rating: entry.rating === "bad" ? "bad" : "good",
      comment: entry.comment,
      createdAt: entry.createdAt,
      requesterName: contactDisplayName(entry.contact),
    })),
  };
}
