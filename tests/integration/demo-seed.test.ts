import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { ticketChannels, ticketPriorities, ticketStatuses, ticketTypes } from "../../app/domain/helpdesk/ticket-vocabulary.ts";
import { segmentDefinitionSchema } from "../../app/domain/marketing/segments/segment-definition.ts";
import { compileSegment } from "../../app/domain/marketing/segments/segment-compiler.ts";
import { conditionKind } from "../../app/domain/marketing/segments/segment-conditions.server.ts";
import { sqliteDateTime } from "../../app/lib/sqlite.server.ts";
import { withDatabaseClient } from "../../app/lib/db.server.ts";
import { searchKnowledge } from "../../app/domain/knowledge/knowledge-search.server.ts";
import { campaignResults } from "../../app/domain/marketing/campaigns/campaign-results.server.ts";
import { buildDemoWorkspace, demoDueDelays, demoLogins, seedDemoWorkspace, type DemoSeedSummary } from "../../prisma/seed/demo-workspace.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const NOW = new Date("2025-03-12T10:37:00.000Z"); // a Wednesday morning
const DAY = 24 * 60 * 60 * 1000;

/** A fresh migrated database: a copy of the suite's template when the repo setup made one, else `prisma migrate deploy`. */
function migratedDatabase(directory: string): string {
  const file = path.join(directory, "demo.db");
  const template = process.env.COMPTOIR_TEST_TEMPLATE_DB;
  if (template && fs.existsSync(template)) {
    fs.copyFileSync(template, file);
  } else {
    execFileSync(process.execPath, [path.join(repoRoot, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: `file:${file}` },
      stdio: "pipe",
    });
  }
  return `file:${file}`;
}

describe("demo workspace seed", () => {
  let directory: string;
  let client: PrismaClient;
  let summary: DemoSeedSummary;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-seed-"));
    client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: migratedDatabase(directory) }) });
    summary = await seedDemoWorkspace(client, { passwordHash: "$2a$04$demo-hash-for-tests", now: NOW });
  }, 60_000);

  afterAll(async () => {
    await client?.$disconnect();
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
  });

  // Speed belongs to benchmarks, not tests: a busy CI machine must not fail this.
  it("reports and writes the expected volumes", async () => {
    // 20 companies and 60 contacts, plus the deliberate duplicates (customers-demo.ts): 1 company, 3 contacts.
    expect(summary).toMatchObject({ users: 6, groups: 3, companies: 21, contacts: 63, tickets: 150 });
    expect(summary.messages).toBeGreaterThanOrEqual(150);
    expect(await client.user.count()).toBe(6);
    expect(await client.group.count()).toBe(3);
    expect(await client.company.count()).toBe(21);
    expect(await client.contact.count()).toBe(63);
    expect(await client.ticket.count()).toBe(150);
    expect(await client.message.count()).toBe(summary.messages);
  });

  it("creates the demo logins with their roles, groups and the given hash", async () => {
    const users = await client.user.findMany({ include: { groups: { select: { name: true } } } });
    for (const login of demoLogins) {
      const user = users.find((candidate) => candidate.email === login.email);
      expect(user, login.email).toBeDefined();
      expect(user).toMatchObject({ role: login.role, name: login.name, locale: "fr", passwordHash: "$2a$04$demo-hash-for-tests" });
    }
    const groupsOf = (email: string) => users.find((u) => u.email === email)!.groups.map((g) => g.name).sort();
    expect(groupsOf("tech@comptoir.test")).toEqual(["Support N1", "Support N2 / Terrain"]);
    expect(groupsOf("tech2@comptoir.test")).toEqual(["Support N2 / Terrain"]);
    expect(users.find((u) => u.email === "tech2@comptoir.test")!.restrictToGroups).toBe(true);
    expect(await client.setting.findUnique({ where: { key: "workspace.demo" } })).toMatchObject({ value: "true" });
  });

  it("gives every contact exactly one primary, lower-case address", async () => {
    const contacts = await client.contact.findMany({ include: { emails: true } });
    for (const contact of contacts) {
      expect(contact.emails.filter((email) => email.isPrimary), `${contact.firstName} ${contact.lastName}`).toHaveLength(1);
      for (const email of contact.emails) expect(email.address).toBe(email.address.toLowerCase());
    }
    expect(contacts.some((contact) => contact.emails.length > 1)).toBe(true);
    expect(contacts.filter((contact) => contact.companyId === null).length).toBeGreaterThan(0);
    const english = contacts.filter((contact) => contact.language === "en").length;
    expect(english).toBeGreaterThanOrEqual(2);
    expect(english).toBeLessThanOrEqual(3);
    // About half agreed to marketing mail: an opt-in on their primary address, from the form, a trade show or an import.
    const optIns = await client.marketingConsentChange.findMany({ where: { state: "opt_in", previousState: null }, select: { source: true } });
    expect(optIns.length).toBeGreaterThan(20);
    expect(optIns.length).toBeLessThan(40);
    for (const line of optIns) expect(["form", "manual", "import"]).toContain(line.source);
    expect(contacts.some((contact) => contact.companyManager)).toBe(true);
  });

  it("numbers the tickets 1001..1150 and leaves the counter at 1150", async () => {
    const numbers = (await client.ticket.findMany({ select: { number: true }, orderBy: { number: "asc" } })).map((t) => t.number);
    expect(numbers).toEqual(Array.from({ length: 150 }, (_, i) => 1001 + i));
    expect(await client.counter.findUnique({ where: { name: "ticket_number" } })).toMatchObject({ value: 1150 });
  });

  it("covers every status, priority, type and channel", async () => {
    const tickets = await client.ticket.findMany();
    const present = (field: "status" | "priority" | "type" | "channel") => new Set(tickets.map((ticket) => ticket[field]));
    expect([...present("status")].sort()).toEqual([...ticketStatuses].sort());
    expect([...present("priority")].sort()).toEqual([...ticketPriorities].sort());
    expect([...present("type")].sort()).toEqual([...ticketTypes].sort());
    expect([...present("channel")].sort()).toEqual([...ticketChannels].sort());
    const unresolved = tickets.filter((ticket) => ["new", "open", "pending_customer", "on_hold"].includes(ticket.status)).length;
    expect(unresolved).toBeGreaterThanOrEqual(30);
    expect(unresolved).toBeLessThanOrEqual(40);
    expect(new Set(tickets.map((ticket) => ticket.subject)).size).toBeGreaterThanOrEqual(40);
    expect(tickets.some((ticket) => ticket.assigneeId === null && ticket.status === "new")).toBe(true);
  });

  it("keeps ticket timestamps consistent with their threads", async () => {
    const tickets = await client.ticket.findMany({ include: { messages: { orderBy: { createdAt: "asc" } }, requester: true } });
    for (const ticket of tickets) {
      const label = `#${ticket.number}`;
      const thread = ticket.messages;
      expect(thread.length, label).toBeGreaterThanOrEqual(1);
      expect(thread.length, label).toBeLessThanOrEqual(6);
      expect(thread[0], label).toMatchObject({ direction: "in", visibility: "public", authorContactId: ticket.requesterId, bodyHtml: null });
      for (let i = 1; i < thread.length; i++) expect(thread[i].createdAt > thread[i - 1].createdAt, label).toBe(true);
      for (const message of thread) {
        if (message.direction === "in") expect(message.authorContactId, label).toBe(ticket.requesterId);
        else expect(message.authorUserId, label).not.toBeNull();
        expect(message.createdAt.getTime(), label).toBeLessThanOrEqual(NOW.getTime());
      }
      const inbound = thread.filter((m) => m.direction === "in" && m.visibility === "public");
      const outbound = thread.filter((m) => m.direction === "out" && m.visibility === "public");
      expect(ticket.createdAt, label).toEqual(thread[0].createdAt);
      expect(ticket.updatedAt, label).toEqual(thread[thread.length - 1].createdAt);
      expect(ticket.lastCustomerMessageAt, label).toEqual(inbound[inbound.length - 1].createdAt);
      expect(ticket.lastAgentReplyAt, label).toEqual(outbound[outbound.length - 1]?.createdAt ?? null);
      expect(ticket.firstRespondedAt, label).toEqual(outbound[0]?.createdAt ?? null);
      expect(ticket.companyId, label).toBe(ticket.requester.companyId);
      const due = demoDueDelays[ticket.priority as keyof typeof demoDueDelays];
      expect(ticket.firstResponseDueAt!.getTime() - ticket.createdAt.getTime(), label).toBe(due.firstResponse);
      expect(ticket.resolutionDueAt!.getTime() - ticket.createdAt.getTime(), label).toBe(due.resolution);
      expect(ticket.createdAt.getTime(), label).toBeGreaterThanOrEqual(NOW.getTime() - 120 * DAY);
      const solved = ticket.status === "solved" || ticket.status === "closed";
      expect(ticket.solvedAt !== null, label).toBe(solved);
      expect(ticket.closedAt !== null, label).toBe(ticket.status === "closed");
      if (ticket.closedAt) expect(ticket.closedAt > ticket.solvedAt! && ticket.closedAt <= NOW, label).toBe(true);
      if (ticket.status === "new") expect(outbound, label).toHaveLength(0);
    }
  });

  it("leaves some tickets waiting for an answer, a few of them past their first-response time", async () => {
    const candidates = await client.ticket.findMany({ where: { status: { in: ["new", "open"] } } });
    const waiting = candidates.filter((t) => t.lastCustomerMessageAt && (!t.lastAgentReplyAt || t.lastAgentReplyAt < t.lastCustomerMessageAt));
    expect(waiting.length).toBeGreaterThanOrEqual(10);
    expect(waiting.some((t) => t.status === "open")).toBe(true);
    const breaching = waiting.filter((t) => t.firstRespondedAt === null && t.firstResponseDueAt! < NOW);
    expect(breaching.length).toBeGreaterThanOrEqual(2);
    expect(breaching.length).toBeLessThan(waiting.length);
  });

  it("tags tickets with the demo tags", async () => {
    const tags = await client.tag.findMany({ include: { _count: { select: { tickets: true } } } });
    expect(tags.map((tag) => tag.name).sort()).toEqual(["facturation", "garantie", "imprimante", "logiciel", "réseau", "urgent-client"].sort());
    for (const tag of tags) expect(tag._count.tickets, tag.name).toBeGreaterThan(0);
  });

  it("spreads consent states over the primary addresses, each with a history whose last line is the current state", async () => {
    const consents = await client.marketingConsent.findMany({ include: { contact: { select: { id: true } } } });
    const states = new Map<string, number>();
    for (const consent of consents) states.set(consent.state, (states.get(consent.state) ?? 0) + 1);
    expect(states.get("opt_in")).toBeGreaterThan(15);
    expect(states.get("b2b_interest")).toBeGreaterThan(5);
    expect(states.get("unsubscribed")).toBeGreaterThanOrEqual(1);
    expect(states.get("bounced")).toBeGreaterThanOrEqual(1);
    expect(states.get("complained")).toBe(1);
    const primaries = await client.contactEmail.count({ where: { isPrimary: true } });
    expect(consents.length).toBeLessThan(primaries); // some addresses have no consent at all
    for (const consent of consents) {
      const history = await client.marketingConsentChange.findMany({ where: { address: consent.address }, orderBy: { at: "asc" } });
      expect(history.length, consent.address).toBeGreaterThan(0);
      expect(history[history.length - 1].state).toBe(consent.state);
      expect(history[0].previousState).toBeNull();
      if (["unsubscribed", "bounced", "complained"].includes(consent.state) && history.length > 1) expect(history[history.length - 1].note).not.toBe("");
    }
    expect(await client.marketingConsentChange.count({ where: { at: { gte: new Date(NOW.getTime() - 30 * DAY) } } })).toBeGreaterThan(0);
  });

  it("saves two segments that select some demo contacts and not all", async () => {
    const segments = await client.segment.findMany({ orderBy: { name: "asc" } });
    expect(segments.map((segment) => segment.name)).toEqual(["Clients sous contrat en Auvergne-Rhône-Alpes", "Industrie sans ticket récent ou satisfaits"]);
    const contacts = await client.contact.count();
    for (const segment of segments) {
      const predicate = compileSegment(segmentDefinitionSchema.parse(JSON.parse(segment.definition)), conditionKind, { now: NOW, dateTime: sqliteDateTime });
      const rows = await client.$queryRawUnsafe<Array<{ n: unknown }>>(`SELECT count(*) AS n FROM "Contact" c WHERE ${predicate.sql}`, ...predicate.values);
      const count = Number(rows[0].n);
      expect(count, segment.name).toBeGreaterThan(0);
      expect(count, segment.name).toBeLessThan(contacts);
    }
  });

  it("has a sent campaign with results recorded through the tracking domain", async () => {
    const sent = await client.campaign.findFirstOrThrow({ where: { status: "sent" } });
    expect(sent.name).toBe("Offre d'hiver : contrats de maintenance");
    expect(sent.costCents).toBe(35_000);
    expect(sent.launchedAt!.getTime()).toBeLessThan(NOW.getTime() - 14 * DAY);
    const results = (await withDatabaseClient(client, () => campaignResults(sent.id)))!;
    expect(results.sent).toBeGreaterThan(0);
    expect(results.excluded.map((entry) => entry.reason)).toEqual(expect.arrayContaining(["no_consent", "duplicate", "open_incident"]));
    expect(results.uniqueOpens).toBeGreaterThan(0);
    expect(results.uniqueOpens).toBeLessThan(results.sent);
    expect(results.uniqueClicks).toBeGreaterThan(0);
    expect(results.links.filter((link) => link.uniqueClicks > 0).length).toBeGreaterThan(1);
    expect(results.unsubscribes).toBeGreaterThan(0);
    expect(results.bouncedHard).toBe(1);
    expect(results.deals).toMatchObject({ created: 1, won: 1 });
    expect(results.roi).not.toBeNull();
    // Engagement after the send, and before now.
    const engaged = await client.campaignRecipient.findMany({ where: { campaignId: sent.id, firstOpenedAt: { not: null } }, select: { sentAt: true, firstOpenedAt: true } });
    for (const row of engaged) {
      expect(row.firstOpenedAt!.getTime()).toBeGreaterThan(row.sentAt!.getTime());
      expect(row.firstOpenedAt!.getTime()).toBeLessThan(NOW.getTime());
    }
    // Each unsubscribe and the bounce left its line in the address's consent history, naming the campaign.
    const unsubscribed = await client.campaignRecipient.findMany({ where: { campaignId: sent.id, unsubscribedAt: { not: null } }, select: { address: true } });
    for (const { address } of unsubscribed) {
      expect(await client.marketingConsent.findUnique({ where: { address } })).toMatchObject({ state: "unsubscribed" });
      expect(await client.marketingConsentChange.count({ where: { address, state: "unsubscribed", source: "unsubscribe", campaignId: sent.id } })).toBe(1);
    }
    const bounced = await client.campaignRecipient.findFirstOrThrow({ where: { campaignId: sent.id, status: "bounced" }, select: { address: true, emailMessageId: true } });
    expect(bounced.emailMessageId).toMatch(/^<[0-9a-f]{32}\.[0-9a-f]{64}@/);
    expect(await client.marketingConsentChange.count({ where: { address: bounced.address, state: "bounced", source: "bounce", campaignId: sent.id } })).toBe(1);
  });

  it("mailed only addresses that were mailable at launch, and excluded the others with their reason", async () => {
    const sent = await client.campaign.findFirstOrThrow({ where: { status: "sent" } });
    const rows = await client.campaignRecipient.findMany({ where: { campaignId: sent.id }, select: { address: true, status: true, exclusionReason: true } });
    expect(rows.filter((row) => row.status === "queued" || row.status === "sending")).toEqual([]);
    for (const row of rows.filter((candidate) => candidate.status !== "excluded")) {
      const before = await client.marketingConsentChange.findFirst({ where: { address: row.address, at: { lte: sent.launchedAt! } }, orderBy: { at: "desc" } });
      expect(before?.state, row.address).toMatch(/^(opt_in|b2b_interest)$/);
    }
    expect(rows.filter((row) => row.status === "excluded").every((row) => row.exclusionReason)).toBe(true);
  });

  it("has a campaign scheduled next week and a draft", async () => {
    const scheduled = await client.campaign.findFirstOrThrow({ where: { status: "scheduled" } });
    expect(scheduled.scheduledAt!.getTime()).toBeGreaterThan(NOW.getTime());
    expect(scheduled.scheduledAt!.getTime()).toBeLessThan(NOW.getTime() + 9 * DAY);
    expect(await client.campaign.count({ where: { status: "draft" } })).toBe(1);
    expect(await client.campaignRecipient.count({ where: { campaign: { status: { in: ["scheduled", "draft"] } } } })).toBe(0);
  });

  it("has a small help centre: 20 articles in 5 categories (one with sub-categories), in French and English", async () => {
    const categories = await client.knowledgeCategory.findMany({ select: { id: true, parentId: true, translations: { select: { language: true } } } });
    expect(categories.filter((category) => category.parentId === null)).toHaveLength(5);
    expect(categories.filter((category) => category.parentId !== null).length).toBeGreaterThanOrEqual(1);
    for (const category of categories) expect(category.translations.map((translation) => translation.language).sort()).toEqual(["en", "fr"]);

    const articles = await client.knowledgeArticle.findMany({
      select: { state: true, visibility: true, authorId: true, publishedAt: true, createdAt: true, version: true, translations: { select: { language: true, summary: true, bodyHtml: true, bodyText: true } } },
    });
    expect(articles).toHaveLength(20);
    expect(articles.filter((article) => article.visibility === "internal" && article.state === "published")).toHaveLength(2);
    expect(articles.filter((article) => article.state === "draft")).toHaveLength(1);
    expect(articles.filter((article) => article.state === "published")).toHaveLength(19);
    for (const article of articles) {
      expect(article.translations.map((translation) => translation.language).sort()).toEqual(["en", "fr"]);
      expect(article.authorId).not.toBeNull();
      expect(article.version).toBe(1);
      expect(article.createdAt.getTime()).toBeLessThan(NOW.getTime());
      expect(article.publishedAt === null).toBe(article.state === "draft");
      for (const translation of article.translations) {
        expect(translation.summary.length).toBeGreaterThan(20);
        expect(translation.summary.length).toBeLessThanOrEqual(300);
        // Written through the authoring domain: sanitised HTML with several paragraphs, and its plain text.
        expect(translation.bodyHtml.match(/<p>/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
        expect(translation.bodyText.length).toBeGreaterThan(400);
        expect(translation.bodyText).not.toContain("<");
      }
    }
    expect(await client.knowledgeArticleVersion.count()).toBe(20);
    // Tables and code blocks where they help.
    const html = articles.flatMap((article) => article.translations.map((translation) => translation.bodyHtml)).join("\n");
    expect(html).toContain("<table>");
    expect(html).toContain("<pre><code>");
    // The demo's author technician.
    expect(await client.user.findUniqueOrThrow({ where: { email: "tech@comptoir.test" }, select: { writesKnowledge: true } })).toEqual({ writesKnowledge: true });
  });

  it("gives the statistics page thirty days of real-looking figures", async () => {
    const since = NOW.getTime() - 31 * DAY;
    const figures = await client.knowledgeArticleDailyFigure.findMany({ select: { day: true, views: true, insertions: true, article: { select: { state: true } } } });
    expect(figures.length).toBeGreaterThan(100);
    for (const figure of figures) {
      expect(figure.article.state).toBe("published");
      expect(Date.parse(`${figure.day}T12:00:00Z`)).toBeGreaterThan(since);
      expect(Date.parse(`${figure.day}T00:00:00Z`)).toBeLessThanOrEqual(NOW.getTime());
    }
    expect(figures.reduce((sum, figure) => sum + figure.views, 0)).toBeGreaterThan(500);
    expect(figures.reduce((sum, figure) => sum + figure.insertions, 0)).toBeGreaterThan(10);

    const feedback = await client.knowledgeFeedback.findMany({ select: { useful: true, comment: true, createdAt: true, article: { select: { visibility: true } } } });
    expect(feedback.length).toBeGreaterThan(30);
    expect(feedback.some((entry) => !entry.useful && entry.comment)).toBe(true);
    expect(feedback.filter((entry) => entry.useful).length).toBeGreaterThan(feedback.length / 2);
    for (const entry of feedback) {
      expect(entry.article.visibility).toBe("public");
      expect(entry.createdAt.getTime()).toBeGreaterThan(since);
      expect(entry.createdAt.getTime()).toBeLessThan(NOW.getTime());
    }
    const deflections = await client.knowledgeDeflection.findMany({ select: { channel: true, createdAt: true } });
    expect(deflections.length).toBeGreaterThan(10);
    expect(new Set(deflections.map((entry) => entry.channel))).toEqual(new Set(["web_form", "portal"]));
    // The searches that found nothing still find nothing in the demo's articles.
    const misses = await client.knowledgeSearchMiss.findMany({ select: { query: true, language: true } });
    expect(misses.length).toBeGreaterThanOrEqual(5);
    await withDatabaseClient(client, async () => {
      for (const miss of misses) expect(await searchKnowledge({ text: miss.query, audience: "staff", language: null }), miss.query).toEqual([]);
      // While the demo's tickets find their article.
      expect((await searchKnowledge({ text: "codes erreur imprimante", audience: "public", language: "fr" })).map((result) => result.slug)).toContain("codes-erreur-imprimantes");
    });
  });

  it("is deterministic for a given now", () => {
    const a = buildDemoWorkspace({ passwordHash: "x", now: NOW });
    const b = buildDemoWorkspace({ passwordHash: "x", now: NOW });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
