import { beforeAll, describe, expect, it } from "vitest";
import { liveTicketSnapshot } from "~/domain/helpdesk/live-snapshots.server";
import { queueViews, type QueueFilters } from "~/domain/helpdesk/queue-views";
import { listQueue } from "~/domain/helpdesk/ticket-queries.server";
import { ticketStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import { matchesQueueView } from "~/lib/realtime/queue-membership";
import type { LiveTicket } from "~/lib/realtime/protocol";
import { aGroup, aUser } from "../support/factories.ts";
import { aContact } from "../support/realtime-factories.ts";

/**
 * The queue page decides from a live event alone whether a ticket now belongs to the view the
 * agent is looking at ("N nouveaux tickets", "sorti de cette vue"). That decision must agree
 * with the queue queries: here both judge the same tickets, every view, with filters.
 */

let viewer: { id: string; role: string; restrictToGroups: boolean; groupIds: string[] };
const snapshots: LiveTicket[] = [];

beforeAll(async () => {
  const mine = await aGroup();
  const other = await aGroup();
  const colleague = await aUser({ name: "Collègue" });
  const me = await aUser({ name: "Moi", groupIds: [mine.id] });
  viewer = { id: me.id, role: "technician", restrictToGroups: false, groupIds: [mine.id] };
  const company = await db().company.create({ data: { name: "Boulangerie Martin", sector: "commerce" }, select: { id: true } });
  const contact = await aContact();

  const assignees = [null, me.id, colleague.id];
  const groups = [null, mine.id, other.id];
  const hour = 3_600_000;
  const base = Date.now() - 100 * hour;
  let number = 9000;
  for (const [statusIndex, status] of ticketStatuses.entries()) {
    for (const [index, assigneeId] of assignees.entries()) {
      for (const [groupIndex, groupId] of groups.entries()) {
        number += 1;
        const variant = (statusIndex + index + groupIndex) % 3;
        // variant 0: the customer wrote last; 1: we answered last; 2: the customer never wrote (phone note).
        const customerAt = variant === 2 ? null : new Date(base + number * 60_000);
        const agentAt = variant === 1 ? new Date(base + number * 60_000 + hour) : variant === 0 ? new Date(base + number * 60_000 - hour) : null;
        const ticket = await db().ticket.create({
          data: {
            number,
            subject: `Cas ${number}`,
            channel: variant === 0 ? "email" : "phone",
            status,
            priority: ["low", "normal", "high", "urgent"][number % 4],
            type: ["information", "incident"][number % 2],
            requesterId: contact.id,
            companyId: number % 2 === 0 ? company.id : null,
            assigneeId,
            groupId,
            lastCustomerMessageAt: customerAt,
            lastAgentReplyAt: agentAt,
            createdAt: new Date(base + number * 60_000 - 2 * hour),
          },
          select: { id: true },
        });
        snapshots.push((await liveTicketSnapshot(ticket.id))!);
      }
    }
  }
});

const filterSets: Array<[string, QueueFilters]> = [
  ["no filter", {}],
  ["urgent", { priority: "urgent" }],
  ["incidents by phone", { type: "incident", channel: "phone" }],
  ["no group", { groupId: "none" }],
  ["nobody assigned", { assigneeId: "none" }],
];

describe("live queue membership agrees with the queue queries", () => {
  for (const view of queueViews) {
    for (const [label, filters] of filterSets) {
      it(`${view}, ${label}`, async () => {
        const { tickets } = await listQueue(viewer, { view, filters, limit: 200 });
        const listed = tickets.map((ticket) => ticket.id).filter((id) => snapshots.some((snapshot) => snapshot.id === id)).sort();
        const predicted = snapshots.filter((snapshot) => matchesQueueView(view, filters, snapshot, viewer)).map((snapshot) => snapshot.id).sort();
        expect(predicted).toEqual(listed);
      });
    }
  }

  it("says it cannot tell for a tag filter or a view it does not know", () => {
    expect(matchesQueueView("open", { tag: "imprimante" }, snapshots[0], viewer)).toBeNull();
    expect(matchesQueueView("archive", {}, snapshots[0], viewer)).toBeNull();
  });
});
