import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { afterAll, describe, expect, it } from "vitest";
import { ticketPriorities, ticketStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { documentTotals } from "~/domain/sales/money";
import { createDatabaseClient } from "~/lib/db.server";
import { largeDatasetLogins, largeDatasetPassword, prismaDate, seedLargeDataset } from "../../scripts/large-dataset.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-large-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("seed:large at a tiny scale", () => {
  it("writes dates exactly as Prisma's SQLite adapter does", () => {
    expect(prismaDate(Date.UTC(2026, 7, 19, 15, 20, 54))).toBe("2026-08-19T15:20:54.000+00:00");
  });

  it("builds exact counts that Prisma reads, with a working search index and triggers", { timeout: 180_000 }, async () => {
    const now = new Date("2026-11-20T10:00:00.000Z");
    const file = path.join(dir, "large.db");
    const summary = await seedLargeDataset({ file, tickets: 1000, messages: 3000, contacts: 300, companies: 80, deals: 400, activities: 2000, quotes: 150, now });
    expect(summary).toMatchObject({ tickets: 1000, messages: 3000, contacts: 300, companies: 80, deals: 400, activities: 2000, quotes: 150 });

    const { client } = createDatabaseClient(`file:${file}`);
    try {
      expect(await client.ticket.count()).toBe(1000);
      expect(await client.message.count()).toBe(3000);
      expect(await client.contact.count()).toBe(300);
      expect(await client.company.count()).toBe(80);
      expect(await client.contactEmail.count()).toBeGreaterThanOrEqual(300);

      // Prisma reads every date as a Date, all within the three years before `now`.
      const oldest = await client.ticket.findFirstOrThrow({ orderBy: { createdAt: "asc" }, include: { messages: { orderBy: { createdAt: "asc" } }, requester: { include: { emails: true } }, company: true } });
      const newest = await client.ticket.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      expect(oldest.createdAt).toBeInstanceOf(Date);
      expect(oldest.createdAt.getTime()).toBeGreaterThan(now.getTime() - 3 * 366 * 86_400_000);
      expect(newest.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(oldest.messages[0]).toMatchObject({ direction: "in", visibility: "public", authorContactId: oldest.requesterId });
      expect(oldest.messages[0].createdAt.getTime()).toBe(oldest.createdAt.getTime());
      expect(oldest.requester.emails.some((email) => email.isPrimary)).toBe(true);
      expect(oldest.companyId).toBe(oldest.requester.companyId);
      expect(oldest.number).toBe(1001);
      // Ticket.lastMessageAt (the customer timeline's walk) is each ticket's newest message, and its triggers are back.
      const lastMessages = await client.message.groupBy({ by: ["ticketId"], _max: { createdAt: true } });
      const lastMessageAt = new Map((await client.ticket.findMany({ select: { id: true, lastMessageAt: true } })).map((ticket) => [ticket.id, ticket.lastMessageAt?.getTime()]));
      expect(lastMessages).toHaveLength(1000);
      for (const row of lastMessages) expect(lastMessageAt.get(row.ticketId), row.ticketId).toBe(row._max.createdAt!.getTime());
      const later = new Date(now.getTime() + 60_000);
      await client.message.create({ data: { ticketId: oldest.id, direction: "out", bodyText: "Relance", createdAt: later } });
      expect((await client.ticket.findUniqueOrThrow({ where: { id: oldest.id }, select: { lastMessageAt: true } })).lastMessageAt).toEqual(later);

      // Realistic spread: every status and priority of the vocabulary, old tickets closed, some customers waiting.
      const byStatus = await client.ticket.groupBy({ by: ["status"], _count: true });
      expect(byStatus.map((row) => row.status).every((status) => (ticketStatuses as readonly string[]).includes(status))).toBe(true);
      expect(byStatus.find((row) => row.status === "closed")!._count).toBeGreaterThan(500);
      const byPriority = await client.ticket.groupBy({ by: ["priority"], _count: true });
      expect(byPriority.map((row) => row.priority).sort()).toEqual([...ticketPriorities].sort());
      const waiting = await client.ticket.count({
        where: { status: { in: ["new", "open"] }, lastCustomerMessageAt: { not: null }, OR: [{ lastAgentReplyAt: null }, { lastAgentReplyAt: { lt: client.ticket.fields.lastCustomerMessageAt } }] },
      });
      expect(waiting).toBeGreaterThan(0);
      expect(await client.message.count({ where: { visibility: "internal" } })).toBeGreaterThan(0);
      expect(await client.ticket.count({ where: { assigneeId: null } })).toBeGreaterThan(0);
      expect((await client.counter.findUniqueOrThrow({ where: { name: "ticket_number" } })).value).toBe(2000);

      // The demo logins sign in with the demo password; the restricted technician is restricted.
      const tech2 = await client.user.findUniqueOrThrow({ where: { email: largeDatasetLogins.restrictedTechnician }, include: { groups: true } });
      expect(tech2.restrictToGroups).toBe(true);
      expect(tech2.groups).toHaveLength(1);
      expect(await bcrypt.compare(largeDatasetPassword, tech2.passwordHash)).toBe(true);

      // Search: the bulk-built index answers, and the triggers are back for new rows.
      const [{ hits }] = await client.$queryRawUnsafe<Array<{ hits: bigint }>>(
        `SELECT count(*) AS hits FROM "search_ticket" f JOIN "Ticket" t ON t.rowid = f.rowid WHERE "search_ticket" MATCH ? AND t."id" = ?`,
        `"${oldest.subject.split(/\s+/)[0]}"`,
        oldest.id,
      );
      expect(Number(hits)).toBe(1);
      const note = await client.message.create({ data: { ticketId: oldest.id, direction: "out", visibility: "internal", bodyText: "Zygomatique" } });
      const found = await client.$queryRawUnsafe<Array<{ id: string }>>(
        `SELECT m."id" FROM "search_message" f JOIN "Message" m ON m.rowid = f.rowid WHERE "search_message" MATCH 'zygomatique'`,
      );
      expect(found.map((row) => row.id)).toEqual([note.id]);
      // Sales: every deal's history ends on its stage, closed deals are dated, lost ones have a reason.
      expect(await client.deal.count()).toBe(400);
      expect(await client.activity.count()).toBe(2000);
      expect(await client.dealStageChange.count()).toBe(summary.dealStageChanges);
      expect(await client.contract.count()).toBe(summary.contracts);
      const deals = await client.deal.findMany({ include: { stage: true, stageChanges: { orderBy: [{ at: "asc" }, { id: "asc" }] } } });
      for (const deal of deals) {
        expect(deal.stageChanges.length, deal.id).toBeGreaterThan(0);
        expect(deal.stageChanges[0].fromStageId).toBeNull();
        expect(deal.stageChanges.at(-1)!.toStageId, deal.id).toBe(deal.stageId);
        expect(deal.closedAt === null, deal.id).toBe(deal.stage.kind === "open");
        expect(deal.lossReasonId !== null, deal.id).toBe(deal.stage.kind === "lost");
        expect(deal.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      const byKind = new Set(deals.map((deal) => deal.stage.kind));
      expect([...byKind].sort()).toEqual(["lost", "open", "won"]);
      const activityOnDeal = await client.activity.findFirstOrThrow({ where: { dealId: { not: null } }, include: { deal: true } });
      expect(activityOnDeal.companyId).toBe(activityOnDeal.deal!.companyId);
      expect(await client.activity.count({ where: { startsAt: { gt: now } } })).toBeGreaterThan(0);
      expect(await client.activity.count({ where: { kind: "task", doneAt: null, startsAt: { lt: now } } })).toBeGreaterThan(0);
      // Quotes: totals from the application's money rules, gapless numbers, an order for each accepted one.
      expect(await client.quote.count()).toBe(150);
      expect(await client.order.count()).toBe(summary.orders);
      expect(summary.orders).toBeGreaterThan(0);
      const quotes = await client.quote.findMany({ include: { lines: { orderBy: { position: "asc" } }, order: true, deal: { include: { stage: true } } } });
      for (const quote of quotes) {
        const totals = documentTotals(quote.lines);
        expect(quote.totalExclCents, quote.number).toBe(totals.totalExclCents);
        expect(quote.totalInclCents, quote.number).toBe(totals.totalInclCents);
        expect(quote.lines.map((line) => line.totalExclCents)).toEqual(totals.lineTotalsCents);
        expect(quote.order !== null, quote.number).toBe(quote.status === "accepted");
        if (quote.deal?.stage.kind === "won") expect(quote.status).toBe("accepted");
      }
      const byYear = new Map<string, number[]>();
      for (const quote of quotes) {
        const [, year, number] = /^DEV-(\d{4})-(\d{4,})$/.exec(quote.number)!;
        byYear.set(year, [...(byYear.get(year) ?? []), Number(number)]);
      }
      for (const [year, numbers] of byYear) {
        expect(numbers.sort((a, b) => a - b)).toEqual(numbers.map((_, index) => index + 1));
        expect((await client.counter.findUniqueOrThrow({ where: { name: `quote:${year}` } })).value).toBe(numbers.length);
      }

      // A company with a won deal is a client since its first win (unless all its contracts were cancelled since).
      const firstWin = deals.filter((deal) => deal.stage.kind === "won").sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime())[0];
      const winner = await client.company.findUniqueOrThrow({ where: { id: firstWin.companyId } });
      expect(["client", "former_client"]).toContain(winner.lifecycleStage);
      expect(winner.clientSince!.getTime()).toBeLessThanOrEqual(firstWin.closedAt!.getTime());

      const [journal] = await client.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
      expect(journal.journal_mode).toBe("wal");
    } finally {
      await client.$disconnect();
    }
  });
});
