import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { customerTicketsWhere } from "../../key-figures.server";
import { excerpt } from "../timeline-entry";
import { afterCursor, ticketLink, ticketTitle, type TimelineSource } from "../timeline-source.server";

/**
 * Interventions on the customer's tickets, planned, done or cancelled, at their slot's start: a
 * planned visit next week sits at the top of the timeline, a done one where it happened.
 */
export const interventionsSource: TimelineSource = {
  kind: "intervention",
  async entries({ scope, before, take, visibleTickets }) {
    const where = {
      AND: [{ ticket: { AND: [await visibleTickets(), customerTicketsWhere(scope)] } }, afterCursor("intervention", "startsAt", before)],
    } as Prisma.InterventionWhereInput;
    const interventions = await db().intervention.findMany({
      where,
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take,
      select: {
        id: true,
        kind: true,
        status: true,
        startsAt: true,
        endsAt: true,
        address: true,
        notes: true,
        report: true,
        ticket: { select: { number: true, subject: true } },
        technician: { select: { id: true, name: true } },
      },
    });
    return interventions.map((intervention) => ({
      kind: "intervention" as const,
      at: intervention.startsAt,
      id: intervention.id,
      title: ticketTitle(intervention.ticket),
      summary: excerpt(intervention.status === "done" && intervention.report ? intervention.report : [intervention.address, intervention.notes].filter(Boolean).join(" — ")),
      link: ticketLink(intervention.ticket.number, `intervention-${intervention.id}`),
      actor: { kind: "user" as const, id: intervention.technician.id, name: intervention.technician.name },
      meta: {
        status: intervention.status,
        mode: intervention.kind,
        endsAt: intervention.endsAt.toISOString(),
        number: String(intervention.ticket.number),
      },
    }));
  },
};
