import { beforeAll, describe, expect, it } from "vitest";
import { canReadTicket, ticketReaderFor, visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import type { Role } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { aGroup, aTicket, aUser } from "../support/factories.ts";

/**
 * Live updates check every recipient with canReadTicket, in memory; pages and queries use
 * visibleTicketsWhere. The two must always agree: same viewers, same tickets, same answer.
 */

type Viewer = { id: string; role: Role; restrictToGroups: boolean };
const viewers: Array<[string, Viewer]> = [];
const ticketIds: string[] = [];

beforeAll(async () => {
  const field = await aGroup();
  const office = await aGroup();
  const add = async (label: string, options: { role: Role; groupIds?: string[]; restrictToGroups?: boolean }) => {
    const user = await aUser({ name: label, ...options });
    viewers.push([label, { id: user.id, role: options.role, restrictToGroups: options.restrictToGroups ?? false }]);
    return user;
  };
  const restricted = await add("technician restricted to the field group", { role: "technician", groupIds: [field.id], restrictToGroups: true });
  await add("technician of both groups, restricted", { role: "technician", groupIds: [field.id, office.id], restrictToGroups: true });
  await add("technician seeing everything", { role: "technician", groupIds: [office.id] });
  await add("sales (read only)", { role: "sales" });
  await add("marketing (no tickets)", { role: "marketing" });
  const sales = viewers[3][1];
  for (const groupId of [null, field.id, office.id]) {
    for (const assigneeId of [null, restricted.id, sales.id]) {
      ticketIds.push((await aTicket({ groupId, assigneeId })).id);
    }
  }
});

describe("canReadTicket agrees with visibleTicketsWhere", () => {
  it("for every viewer and ticket", async () => {
    for (const [label, viewer] of viewers) {
      const visible = await db().ticket.findMany({ where: { AND: [{ id: { in: ticketIds } }, await visibleTicketsWhere(viewer)] }, select: { id: true } });
      const reader = await ticketReaderFor(viewer);
      const tickets = await db().ticket.findMany({ where: { id: { in: ticketIds } }, select: { id: true, groupId: true, assigneeId: true } });
      const inMemory = tickets.filter((ticket) => canReadTicket(reader, ticket)).map((ticket) => ticket.id).sort();
      expect(inMemory, label).toEqual(visible.map((ticket) => ticket.id).sort());
    }
    // The matrix is not trivial: someone sees all, someone sees a part, someone sees nothing.
    const counts = await Promise.all(
      viewers.map(async ([, viewer]) => db().ticket.count({ where: { AND: [{ id: { in: ticketIds } }, await visibleTicketsWhere(viewer)] } })),
    );
    expect(counts).toContain(ticketIds.length);
    expect(counts).toContain(0);
    expect(counts.some((count) => count > 0 && count < ticketIds.length)).toBe(true);
  });
});
