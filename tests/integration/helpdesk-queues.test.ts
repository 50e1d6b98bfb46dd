import { beforeAll, describe, expect, it } from "vitest";
import { addAgentMessage, addCustomerMessage, createTicket } from "~/domain/helpdesk/tickets.server";
import { queueViews, type QueueFilters, type QueueView } from "~/domain/helpdesk/queue-views";
import { countQueue, listQueue, queueCounts, type QueueCursor } from "~/domain/helpdesk/ticket-queries.server";
import { db } from "~/lib/db.server";
import { aGroup, aUser } from "../support/factories.ts";
import { aQueueTicket, aRequester } from "../support/helpdesk-factories.ts";

type Viewer = { id: string; role: string; restrictToGroups: boolean };
type Row = {
  id: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  groupId: string | null;
  assigneeId: string | null;
  companyId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastCustomerMessageAt: Date | null;
  lastAgentReplyAt: Date | null;
  tags: string[];
};

const unresolved = ["new", "open", "pending_customer", "on_hold"];
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour, 0, 0));

/** The definition of each view, written plainly, to compare with the queries. */
function inView(view: QueueView, row: Row, viewer: Viewer, viewerGroups: string[]): boolean {
  switch (view) {
    case "mine":
      return unresolved.includes(row.status) && row.assigneeId === viewer.id;
    case "unassigned":
      return unresolved.includes(row.status) && row.assigneeId === null;
    case "groups":
      return unresolved.includes(row.status) && row.groupId !== null && viewerGroups.includes(row.groupId);
    case "open":
      return unresolved.includes(row.status);
    case "waiting":
      return unresolved.includes(row.status) && row.lastCustomerMessageAt !== null && (row.lastAgentReplyAt === null || row.lastAgentReplyAt < row.lastCustomerMessageAt);
    case "pending":
      return row.status === "pending_customer";
    case "solved":
      return row.status === "solved" || row.status === "closed";
  }
}

function matchesFilters(row: Row, filters: QueueFilters): boolean {
  if (filters.status && row.status !== filters.status) return false;
  if (filters.priority && row.priority !== filters.priority) return false;
  if (filters.type && row.type !== filters.type) return false;
  if (filters.channel && row.channel !== filters.channel) return false;
  if (filters.groupId && row.groupId !== (filters.groupId === "none" ? null : filters.groupId)) return false;
  if (filters.assigneeId && row.assigneeId !== (filters.assigneeId === "none" ? null : filters.assigneeId)) return false;
  if (filters.companyId && row.companyId !== filters.companyId) return false;
  if (filters.tag && !row.tags.includes(filters.tag)) return false;
  if (filters.createdFrom && row.createdAt < new Date(`${filters.createdFrom}T00:00:00+01:00`)) return false;
  if (filters.createdTo && row.createdAt >= new Date(new Date(`${filters.createdTo}T00:00:00+01:00`).getTime() + 86_400_000)) return false;
  return true;
}

function expectedOrder(view: QueueView, rows: Row[]): string[] {
  const sorted = [...rows];
  if (view === "waiting") {
    sorted.sort((a, b) => a.lastCustomerMessageAt!.getTime() - b.lastCustomerMessageAt!.getTime() || (a.id < b.id ? -1 : 1));
  } else {
    sorted.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1));
  }
  return sorted.map((row) => row.id);
}

/** Every page of a view, following nextCursor; checks that no page repeats or skips a ticket. */
async function walkForward(viewer: Viewer, view: QueueView, filters: QueueFilters = {}, limit = 4) {
  const pages: string[][] = [];
  let cursor: QueueCursor | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listQueue(viewer, { view, filters, cursor, limit });
    pages.push(page.tickets.map((ticket) => ticket.id));
    expect(page.previousCursor === null).toBe(guard === 0);
    if (!page.nextCursor) break;
    expect(page.tickets).toHaveLength(limit);
    cursor = { after: page.nextCursor };
  }
  return pages;
}

describe("support queues", () => {
  let me: Viewer & { name: string };
  let colleague: Viewer;
  let restricted: Viewer;
  let groupA: { id: string };
  let groupB: { id: string };
  let companyOne: string;
  let rows: Row[] = [];

  beforeAll(async () => {
    groupA = await aGroup();
    groupB = await aGroup();
    me = await aUser({ role: "technician", groupIds: [groupA.id] });
    colleague = await aUser({ role: "technician", groupIds: [groupB.id] });
    restricted = await aUser({ role: "technician", groupIds: [groupB.id], restrictToGroups: true });
    const withCompany = await aRequester({ email: `claire@menuiserie-queue.fr` });
    const withoutCompany = await aRequester({ email: `paul.queue@gmail.com` });
    companyOne = withCompany.companyId!;

    // A deterministic mix: every status, group, assignee, priority, type and channel, timestamps
    // with ties (the same updatedAt for several tickets) so the id tie-break is exercised.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const statuses = ["new", "open", "open", "pending_customer", "on_hold", "solved", "closed"];
    const groups = [groupA.id, groupB.id, null];
    const assignees = [me.id, colleague.id, restricted.id, null, null];
    for (let index = 0; index < 60; index++) {
      const requester = index % 3 === 0 ? withoutCompany : withCompany;
      const createdAt = at(1 + next(20), 8 + next(10));
      const lastCustomerMessageAt = new Date(createdAt.getTime() + next(5) * 3_600_000);
      const replied = next(3);
      const lastAgentReplyAt = replied === 0 ? null : new Date(lastCustomerMessageAt.getTime() + (replied === 1 ? -1 : 1) * 1_800_000);
      const tags = [["réseau"], ["imprimante"], ["réseau", "urgent-client"], []][next(4)];
      const input = {
        requesterId: requester.contactId,
        companyId: requester.companyId,
        status: statuses[next(statuses.length)],
        priority: ["low", "normal", "high", "urgent"][next(4)],
        type: ["information", "incident", "complaint", "other"][next(4)],
        channel: ["email", "web", "portal", "phone"][next(4)],
        groupId: groups[next(groups.length)],
        assigneeId: assignees[next(assignees.length)],
        createdAt,
        // Six distinct instants only: many ties.
        updatedAt: at(22, 8 + next(6)),
        lastCustomerMessageAt,
        lastAgentReplyAt,
        tags,
      };
      const ticket = await aQueueTicket(input);
      rows.push({ id: ticket.id, ...input, lastAgentReplyAt, tags });
    }
    rows = rows.map((row) => ({ ...row }));
  }, 60_000);

  const visibleTo = (viewer: Viewer) => (viewer.restrictToGroups ? rows.filter((row) => row.groupId === groupB.id || row.assigneeId === viewer.id) : rows);
  const groupsOf = (viewer: Viewer) => (viewer.id === me.id ? [groupA.id] : [groupB.id]);

  it.each(queueViews)("view %s holds exactly its tickets, in its order, across pages", async (view) => {
    const expected = expectedOrder(view, visibleTo(me).filter((row) => inView(view, row, me, groupsOf(me))));
    expect(expected.length).toBeGreaterThan(0);
    const pages = await walkForward(me, view);
    expect(pages.flat()).toEqual(expected);
    expect(new Set(pages.flat()).size).toBe(expected.length);
  });

  it("counts each view like its pages", async () => {
    const counts = await queueCounts(me);
    for (const view of queueViews) {
      const expected = visibleTo(me).filter((row) => inView(view, row, me, groupsOf(me))).length;
      expect(counts[view], view).toEqual({ count: expected, capped: false });
    }
    const capped = await queueCounts(me, { cap: 3 });
    expect(capped.open).toEqual({ count: 3, capped: true });
  });

  it("walks back with the previous-page links to the very same pages", async () => {
    const forward = await walkForward(me, "open", {}, 5);
    const backward: string[][] = [];
    let page = await listQueue(me, { view: "open", limit: 5, cursor: null });
    while (page.nextCursor) page = await listQueue(me, { view: "open", limit: 5, cursor: { after: page.nextCursor } });
    backward.unshift(page.tickets.map((ticket) => ticket.id));
    while (page.previousCursor) {
      page = await listQueue(me, { view: "open", limit: 5, cursor: { before: page.previousCursor } });
      backward.unshift(page.tickets.map((ticket) => ticket.id));
      expect(page.nextCursor).not.toBeNull();
    }
    expect(backward).toEqual(forward);
  });

  it("keeps a page stable when tickets arrive on top (no duplicate, no gap)", async () => {
    const first = await listQueue(me, { view: "solved", limit: 3 });
    const late = await aQueueTicket({ status: "closed", updatedAt: at(28, 12) });
    const second = await listQueue(me, { view: "solved", limit: 3, cursor: { after: first.nextCursor! } });
    const expected = expectedOrder("solved", rows.filter((row) => inView("solved", row, me, [groupA.id])));
    expect([...first.tickets, ...second.tickets].map((ticket) => ticket.id)).toEqual(expected.slice(0, 6));
    expect(second.tickets.map((ticket) => ticket.id)).not.toContain(late.id);
    await db().ticket.delete({ where: { id: late.id } });
  });

  it("ignores a tampered cursor and shows the first page", async () => {
    const page = await listQueue(me, { view: "open", limit: 3, cursor: { after: "bm90LWEtY3Vyc29y" } });
    expect(page.tickets.map((ticket) => ticket.id)).toEqual(expectedOrder("open", rows.filter((row) => unresolved.includes(row.status))).slice(0, 3));
  });

  it.each<[string, QueueFilters]>([
    ["priority and type", { priority: "urgent", type: "incident" }],
    ["status within the view", { status: "on_hold" }],
    ["group", { groupId: "GROUP_A" }],
    ["no group", { groupId: "none" }],
    ["assignee", { assigneeId: "ME" }],
    ["nobody assigned", { assigneeId: "none" }],
    ["tag", { tag: "réseau" }],
    ["company", { companyId: "COMPANY" }],
    ["channel and priority", { channel: "phone", priority: "high" }],
    ["created between two days", { createdFrom: "2026-03-05", createdTo: "2026-03-12" }],
    ["everything at once", { tag: "réseau", companyId: "COMPANY", groupId: "GROUP_A", createdFrom: "2026-03-02" }],
  ])("filters combine: %s", async (_name, template) => {
    const filters = JSON.parse(JSON.stringify(template).replace("GROUP_A", groupA.id).replace('"ME"', `"${me.id}"`).replace("COMPANY", companyOne)) as QueueFilters;
    for (const view of ["open", "solved", "waiting"] as const) {
      const expected = expectedOrder(view, rows.filter((row) => inView(view, row, me, [groupA.id]) && matchesFilters(row, filters)));
      const pages = await walkForward(me, view, filters, 3);
      expect(pages.flat(), `${view} ${JSON.stringify(filters)}`).toEqual(expected);
      expect(await countQueue(me, { view, filters })).toEqual({ count: expected.length, capped: false });
    }
  });

  it("shows a restricted agent only their groups' tickets and those assigned to them", async () => {
    const visible = visibleTo(restricted);
    expect(visible.length).toBeLessThan(rows.length);
    expect(visible.some((row) => row.groupId !== groupB.id)).toBe(true); // assigned to them elsewhere
    const counts = await queueCounts(restricted);
    for (const view of queueViews) {
      const expected = expectedOrder(view, visible.filter((row) => inView(view, row, restricted, [groupB.id])));
      const pages = await walkForward(restricted, view, {}, 3);
      expect(pages.flat(), view).toEqual(expected);
      expect(counts[view], view).toEqual({ count: expected.length, capped: false });
    }
    // A filter on another group finds nothing for them, even though such tickets exist.
    const otherGroup = await listQueue(restricted, { view: "open", filters: { groupId: groupA.id, assigneeId: colleague.id } });
    expect(otherGroup.tickets).toEqual([]);
  });

  it("lists every row with what the list shows and the SLA state", async () => {
    const overdue = await aQueueTicket({ status: "new", subject: "Caisse bloquée", firstResponseDueAt: at(23, 9), groupId: groupA.id, updatedAt: at(29, 9) });
    const page = await listQueue(me, { view: "groups", limit: 1, now: at(23, 12) });
    expect(page.tickets[0]).toMatchObject({
      id: overdue.id,
      number: overdue.number,
      subject: "Caisse bloquée",
      status: "new",
      assigneeName: null,
      sla: { state: "breached", target: "first_response", minutesLeft: -180 },
    });
    expect(page.tickets[0].requesterName).toMatch(/Client\d+ Test/);
    await db().ticket.delete({ where: { id: overdue.id } });
  });
});

describe("customers waiting now", () => {
  it("follows the conversation: waiting after the customer writes, not after our public reply, still after a note", async () => {
    const group = await aGroup();
    const agent = await aUser({ role: "technician", groupIds: [group.id] });
    const requester = await aRequester();
    const waiting = async () => (await listQueue(agent, { view: "waiting", filters: { groupId: group.id } })).tickets.map((ticket) => ticket.number);

    const first = await createTicket({ requesterId: requester.contactId, subject: "Sauvegarde échouée", channel: "email", groupId: group.id, openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Bonjour", createdAt: new Date(Date.now() - 3 * 3_600_000) } });
    const second = await createTicket({ requesterId: requester.contactId, subject: "Licence expirée", channel: "web", groupId: group.id, openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Bonjour", createdAt: new Date(Date.now() - 5 * 3_600_000) } });
    // The longest wait first.
    expect(await waiting()).toEqual([second.number, first.number]);

    await addAgentMessage({ ticketId: second.ticketId, agentId: agent.id, visibility: "internal", bodyText: "Je regarde." });
    expect(await waiting()).toEqual([second.number, first.number]);

    await addAgentMessage({ ticketId: second.ticketId, agentId: agent.id, visibility: "public", bodyText: "C'est réglé ?", statusAfter: "pending_customer" });
    expect(await waiting()).toEqual([first.number]);

    await addCustomerMessage({ ticketId: second.ticketId, contactId: requester.contactId, bodyText: "Non, toujours pas." });
    expect(await waiting()).toEqual([first.number, second.number]);
    const page = await listQueue(agent, { view: "waiting", filters: { groupId: group.id } });
    expect(page.tickets[1].waitingSince).toBeInstanceOf(Date);
    expect(page.tickets[0].waitingSince!.getTime()).toBeLessThan(page.tickets[1].waitingSince!.getTime());
  });
});
