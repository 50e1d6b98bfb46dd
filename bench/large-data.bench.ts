/**
 * Benchmarks on the large dataset (npm run seed:large): queue views, customers waiting now,
 * search and a customer timeline, each as server time (the domain function, p50/p95) against
 * the raw SQL of the same query (the statements it sent, replayed with better-sqlite3), plus
 * the signed-in pages over HTTP.
 *
 * Run by bench/index.ts in a child process whose DATABASE_URL points at the large file (the
 * database client is one per process). Standalone: `node --import tsx bench/large-data.bench.ts`
 * with DATABASE_URL=file:data/large.db and SLOW_QUERY_MS=3600000.
 */
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { listQueue, queueCounts } from "~/domain/helpdesk/ticket-queries.server";
import type { QueueView } from "~/domain/helpdesk/queue-views";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { search } from "~/domain/search/search.server";
import { loadKanban } from "~/domain/sales/deal-queries.server";
import { forecastPeriodFromParams } from "~/domain/sales/forecast";
import { loadForecast } from "~/domain/sales/forecast.server";
import { loadServiceHistory } from "~/domain/sales/service-history.server";
import { loadCompanySales } from "~/domain/sales/company-sales.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { databaseReady, db, disconnectDatabase } from "~/lib/db.server";
import { sqliteFilePath } from "~/lib/database-url";
import { benchApiTicketList } from "./api.bench.ts";
import { benchReporting } from "./reporting.bench.ts";
import { benchReportingSales } from "./reporting-sales.bench.ts";
import { cookiesFrom } from "./context.ts";
import { measure, reportRatio, type Timing } from "./harness.ts";
import { captureStatements, planProblems, replayer } from "./sql-capture.ts";
import { largeDatasetLogins, largeDatasetPassword } from "../scripts/large-dataset.ts";

const ITERATIONS = Number(process.env.LARGE_BENCH_ITERATIONS ?? 100);
/** LARGE_BENCH_PARTS=timeline,pages runs only those parts (queues, search, timeline, sales, pages, api, reporting, reporting-sales); all of them by default. */
const PARTS = new Set((process.env.LARGE_BENCH_PARTS ?? "queues,search,timeline,sales,pages,api,reporting,reporting-sales").split(",").map((part) => part.trim()));
const WARMUP = 10;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** CPU per call: on a busy machine, wall-clock percentiles include waiting for a core; CPU time does not. */
function printCpu(subject: Timing, baseline: Timing) {
  const domain = subject.cpuMean ?? 0;
  const sql = baseline.cpuMean ?? 0;
  console.log(`  CPU per call: ${ms(domain)} domain, ${ms(sql)} raw SQL (×${(domain / Math.max(sql, 0.001)).toFixed(1)})`);
}

const databaseUrl = process.env.DATABASE_URL ?? "";
const raw = new Database(sqliteFilePath(databaseUrl), { readonly: true });
raw.pragma("cache_size = -32000");

await databaseReady();
const counts = raw.prepare(`SELECT (SELECT count(*) FROM "Ticket") AS tickets, (SELECT count(*) FROM "Message") AS messages, (SELECT count(*) FROM "Contact") AS contacts, (SELECT count(*) FROM "Company") AS companies`).get() as Record<string, number>;
console.log(
  `\n# Large dataset: ${path.relative(process.cwd(), sqliteFilePath(databaseUrl))} — ` +
    `${counts.tickets.toLocaleString("en")} tickets, ${counts.messages.toLocaleString("en")} messages, ` +
    `${counts.contacts.toLocaleString("en")} contacts, ${counts.companies.toLocaleString("en")} companies ` +
    `(${ITERATIONS} runs each after ${WARMUP} warm-up runs)`,
);

const viewerFor = async (email: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, role: true, restrictToGroups: true } });
  return user;
};
const tech = await viewerFor(largeDatasetLogins.technician);
const restricted = await viewerFor(largeDatasetLogins.restrictedTechnician);
const sales = await viewerFor(largeDatasetLogins.sales);
const manager = await viewerFor(largeDatasetLogins.manager);

/** `versus`: what the baseline is ("raw" SQL replayed, or the "domain" call an HTTP layer wraps). */
type Result = { name: string; subject: Timing; baseline: Timing; ratioP50: number; ratioP95: number; plan: string[]; versus?: "raw" | "domain" };
const results: Result[] = [];

/** The domain call against the replay of the SQL it sent, with the plan check. */
async function versusRawSql(title: string, task: () => Promise<unknown>): Promise<Result> {
  const statements = await captureStatements(task);
  const plan = planProblems(raw, statements);
  const subject = await measure(`${title} (domain, Prisma)`, task, { iterations: ITERATIONS, warmup: WARMUP });
  const baseline = await measure(`same ${statements.length} SQL statements, raw`, replayer(raw, statements), { iterations: ITERATIONS, warmup: WARMUP });
  const ratio = reportRatio(title, subject, baseline);
  printCpu(subject, baseline);
  for (const problem of plan) console.log(`  plan: ${problem}`);
  const result = { name: title, subject, baseline, ...ratio, plan };
  results.push(result);
  return result;
}

if (PARTS.has("queues")) await benchQueues();
if (PARTS.has("search")) await benchSearch();
const biggestCompany = PARTS.has("timeline") || PARTS.has("sales") || PARTS.has("pages") ? biggestCustomer() : null;
if (biggestCompany && PARTS.has("timeline")) await benchTimeline(biggestCompany);
if (biggestCompany && PARTS.has("sales")) await benchSales(biggestCompany);
if (biggestCompany && PARTS.has("pages")) await benchPages(biggestCompany.id);
if (PARTS.has("api")) await benchApi();
if (PARTS.has("reporting")) await benchReporting(versusRawSql, { manager, restricted });
if (PARTS.has("reporting-sales")) await benchReportingSales({ versusRawSql, manager, sales });

// ───────────────────────────── summary ─────────────────────────────

console.log("\n## Summary (large dataset): server time of the domain call (wall clock p50/p95, CPU per call), and × the raw SQL of the same statements");
for (const result of results) {
  const cpu = result.subject.cpuMean ?? 0;
  const rawCpu = result.baseline.cpuMean ?? 0;
  console.log(
    `  ${result.name.padEnd(46)} p50 ${ms(result.subject.p50).padStart(10)}  p95 ${ms(result.subject.p95).padStart(10)}  CPU ${ms(cpu).padStart(9)}` +
      `   ${result.versus ?? "raw"} ×${result.ratioP50.toFixed(1)} p50, ×${result.ratioP95.toFixed(1)} p95, ×${(cpu / Math.max(rawCpu, 0.001)).toFixed(1)} CPU${result.plan.length ? "   (plan: see above)" : ""}`,
  );
}
raw.close();
await disconnectDatabase();

// ───────────────────────────── queues ─────────────────────────────

async function benchQueues() {
  console.log(`\n## Queue views (viewer: ${tech.name}, technician in two groups; ${restricted.name}, restricted to one)`);
  const views: Array<[string, QueueView, typeof tech]> = [
    ["Queue: all open tickets", "open", tech],
    ["Queue: mine", "mine", tech],
    ["Queue: unassigned", "unassigned", tech],
    ["Queue: my groups", "groups", tech],
    ["Queue: customers waiting now", "waiting", tech],
    ["Queue: all open, restricted technician", "open", restricted],
  ];
  for (const [title, view, viewer] of views) {
    await versusRawSql(title, () => listQueue(viewer, { view }));
  }
  // Keyset pagination: a deep page costs what the first one does.
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const result: Awaited<ReturnType<typeof listQueue>> = await listQueue(tech, { view: "open", cursor: cursor ? { after: cursor } : null });
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  if (cursor) await versusRawSql("Queue: all open, page 21 (keyset)", () => listQueue(tech, { view: "open", cursor: { after: cursor! } }));
  await versusRawSql("Queue tab counters (every view, capped)", () => queueCounts(tech));
}

// ───────────────────────────── search ─────────────────────────────

async function benchSearch() {
  const searchTerms = [
    "imprimante",
    "facture",
    "mot de passe",
    "caisse bloquée",
    "licence introuvable",
    "imp",
    "lefèvre",
    "menuiserie",
    "gmail",
    "E05",
    "sauvegarde nas",
    "wifi réunion",
    "xylophone",
    `#${Math.floor(counts.tickets / 2) + 1001}`,
  ];
  console.log(`\n## Search, ${searchTerms.length} queries in turn: ${searchTerms.map((term) => `"${term}"`).join(", ")}`);
  for (const [label, viewer] of [
    ["technician (every group)", tech],
    ["restricted technician (one group)", restricted],
    ["sales (no internal notes)", sales],
  ] as const) {
    // One capture at a time: the capture listens to every query of the client.
    const calls: Array<{ term: string; statements: Awaited<ReturnType<typeof captureStatements>> }> = [];
    for (const term of searchTerms) calls.push({ term, statements: await captureStatements(() => search(viewer, term)) });
    const plan = calls.flatMap(({ statements }) => planProblems(raw, statements));
    let turn = 0;
    const subject = await measure(`search, ${label}`, () => search(viewer, searchTerms[turn++ % searchTerms.length]), { iterations: ITERATIONS * 2, warmup: searchTerms.length });
    const replays = calls.map(({ statements }) => replayer(raw, statements));
    let replayTurn = 0;
    const baseline = await measure("same SQL statements, raw", () => replays[replayTurn++ % replays.length](), { iterations: ITERATIONS * 2, warmup: searchTerms.length });
    const ratio = reportRatio(`Search: ${label}`, subject, baseline);
    printCpu(subject, baseline);
    for (const problem of [...new Set(plan)]) console.log(`  plan: ${problem}`);
    results.push({ name: `Search: ${label}`, subject, baseline, ...ratio, plan });
  }
  // Per query: the slowest ones say where the time goes.
  console.log("\n  per query (technician), p95:");
  for (const term of searchTerms) {
    const timing = await measure(term, () => search(tech, term), { iterations: 30, warmup: 3 });
    const found = await search(tech, term);
    console.log(`    ${`"${term}"`.padEnd(24)} p50 ${ms(timing.p50).padStart(10)}  p95 ${ms(timing.p95).padStart(10)}  CPU ${ms(timing.cpuMean ?? 0).padStart(9)}   ${found.tickets.length}${found.more.tickets ? "+" : ""} tickets, ${found.contacts.length}${found.more.contacts ? "+" : ""} contacts, ${found.companies.length}${found.more.companies ? "+" : ""} companies`);
  }
}

// ───────────────────────────── customer timeline ─────────────────────────────

type Customer = { id: string; name: string; tickets: number; contactId: string; contactTickets: number; typical: { id: string; tickets: number } };

/** The company with the most tickets, its busiest contact, and a typical company (the median ticket count among those with tickets). */
function biggestCustomer(): Customer {
  const perCompany = raw.prepare(`SELECT "companyId" AS id, count(*) AS tickets FROM "Ticket" WHERE "companyId" IS NOT NULL GROUP BY "companyId" ORDER BY tickets`).all() as Array<{ id: string; tickets: number }>;
  const biggest = perCompany[perCompany.length - 1];
  const typical = perCompany[Math.floor(perCompany.length / 2)];
  const { name } = raw.prepare(`SELECT "name" FROM "Company" WHERE "id" = ?`).get(biggest.id) as { name: string };
  const contact = raw
    .prepare(`SELECT "requesterId" AS id, count(*) AS tickets FROM "Ticket" WHERE "companyId" = ? GROUP BY "requesterId" ORDER BY tickets DESC LIMIT 1`)
    .get(biggest.id) as { id: string; tickets: number };
  return { id: biggest.id, name, tickets: biggest.tickets, contactId: contact.id, contactTickets: contact.tickets, typical };
}

async function benchTimeline(company: Customer) {
  console.log(
    `\n## Customer timeline: ${company.name}, ${company.tickets.toLocaleString("en")} tickets (its busiest contact: ${company.contactTickets.toLocaleString("en")}; ` +
      `a typical company: ${company.typical.tickets})`,
  );
  const firstPage = await customerTimeline(tech, { companyId: company.id });
  await versusRawSql("Timeline: company, first page", () => customerTimeline(tech, { companyId: company.id }));
  if (firstPage.nextCursor) await versusRawSql("Timeline: company, second page", () => customerTimeline(tech, { companyId: company.id, cursor: firstPage.nextCursor }));
  let cursor = firstPage.nextCursor;
  for (let page = 2; page < 20 && cursor; page++) cursor = (await customerTimeline(tech, { companyId: company.id, cursor })).nextCursor;
  if (cursor) await versusRawSql("Timeline: company, page 20", () => customerTimeline(tech, { companyId: company.id, cursor }));
  await versusRawSql("Timeline: company, restricted technician", () => customerTimeline(restricted, { companyId: company.id }));
  await versusRawSql(`Timeline: typical company (${company.typical.tickets} tickets)`, () => customerTimeline(tech, { companyId: company.typical.id }));
  const contactFirst = await customerTimeline(tech, { contactId: company.contactId });
  await versusRawSql("Timeline: contact, first page", () => customerTimeline(tech, { contactId: company.contactId }));
  if (contactFirst.nextCursor) await versusRawSql("Timeline: contact, second page", () => customerTimeline(tech, { contactId: company.contactId, cursor: contactFirst.nextCursor }));
}

// ───────────────────────────── sales ─────────────────────────────

async function benchSales(company: Customer) {
  const deals = raw.prepare(`SELECT count(*) AS deals, count(DISTINCT "ownerId") AS owners FROM "Deal"`).get() as { deals: number; owners: number };
  if (deals.deals === 0) {
    console.log("\n## Sales skipped: the large dataset has no deals (rebuild it with npm run seed:large).");
    return;
  }
  const repDeals = (raw.prepare(`SELECT count(*) AS n FROM "Deal" WHERE "ownerId" = ?`).get(sales.id) as { n: number }).n;
  console.log(
    `\n## Sales: ${deals.deals.toLocaleString("en")} deals over ${deals.owners} owners; ${manager.name} (manager, whole team) and ${sales.name} (rep, ${repDeals.toLocaleString("en")} deals of their own)`,
  );
  const noFilter = { ownerId: null, closePeriod: null, source: null };
  await versusRawSql("Kanban: team, first page per column + totals", () => loadKanban(manager, noFilter));
  await versusRawSql("Kanban: one rep's board", () => loadKanban(sales, noFilter));
  await versusRawSql("Kanban: team, closing this quarter", () => loadKanban(manager, { ...noFilter, closePeriod: "this_quarter" }));
  const now = new Date();
  const year = forecastPeriodFromParams(new URLSearchParams({ periode: "annee" }), now, WORKSPACE_TIME_ZONE);
  const quarter = forecastPeriodFromParams(new URLSearchParams({ periode: "trimestre" }), now, WORKSPACE_TIME_ZONE);
  await versusRawSql("Forecast: team, by month over the year", () => loadForecast(manager, { period: year, ownerId: null }));
  await versusRawSql("Forecast: team, this quarter", () => loadForecast(manager, { period: quarter, ownerId: null }));
  await versusRawSql("Forecast: one rep, the year", () => loadForecast(sales, { period: year, ownerId: sales.id }));
  await versusRawSql(`Service panel: ${company.name}`, () => loadServiceHistory(sales, company.id));
  await versusRawSql(`Company sales section (deals + service panel)`, () => loadCompanySales(manager, company.id));
}

// ───────────────────────────── pages over HTTP ─────────────────────────────

/** The public API's first page of 50 tickets over HTTP against the domain call it wraps (bench/api.bench.ts). */
async function benchApi() {
  const { createAppServer } = await import("../server/app-server.ts");
  const server = await createAppServer({ mode: "production", publicUrl: "http://127.0.0.1" });
  const port = await server.listen(0, "127.0.0.1");
  try {
    const result = await benchApiTicketList({ appUrl: `http://127.0.0.1:${port}`, email: largeDatasetLogins.technician, label: "large dataset", iterations: ITERATIONS, warmup: WARMUP });
    results.push({ name: "Public API GET /tickets (50), over HTTP", subject: result.subject, baseline: result.baseline, ratioP50: result.ratioP50, ratioP95: result.ratioP95, plan: [], versus: "domain" });
  } finally {
    await server.close();
  }
}

async function benchPages(companyId: string) {
  const { createAppServer } = await import("../server/app-server.ts");
  const server = await createAppServer({ mode: "production", publicUrl: "http://127.0.0.1" });
  const port = await server.listen(0, "127.0.0.1");
  const appUrl = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const signIn = async (email: string) => {
    const page = await fetch(`${appUrl}/connexion`);
    const cookie = cookiesFrom(page);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const response = await fetch(`${appUrl}/connexion`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: appUrl },
      body: new URLSearchParams({ csrf, email, password: largeDatasetPassword }),
    });
    if (response.status !== 302) throw new Error(`Sign-in as ${email} failed: HTTP ${response.status}`);
    return cookiesFrom(response, cookie);
  };
  const get = (url: string, cookie: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get(url, { agent, headers: { Cookie: cookie } }, (response) => {
          let bytes = 0;
          response.on("data", (chunk: Buffer) => (bytes += chunk.length));
          response.on("end", () => (response.statusCode === 200 ? resolve(bytes) : reject(new Error(`HTTP ${response.statusCode}`))));
        })
        .on("error", reject);
    });
  const sessions: Array<{ who: string; email: string; pages: ReadonlyArray<readonly [string, string]> }> = [
    {
      who: tech.name,
      email: largeDatasetLogins.technician,
      pages: [
        ["Support, all open", "/support"],
        ["Support, customers waiting now", "/support?vue=waiting"],
        ["Search \"imprimante\"", "/recherche?q=imprimante"],
        ["Search \"lefèvre\"", `/recherche?q=${encodeURIComponent("lefèvre")}`],
        ["Company page with its timeline", `/clients/societes/${companyId}`],
      ],
    },
    {
      who: manager.name,
      email: largeDatasetLogins.manager,
      pages: [
        ["Ventes: the team's pipeline (kanban)", "/ventes"],
        ["Ventes: the team's forecast, the year", "/ventes/previsions?periode=annee"],
        ["Company page: sales section + service panel", `/clients/societes/${companyId}`],
      ],
    },
  ];
  try {
    for (const session of sessions) {
      const cookie = await signIn(session.email);
      console.log(`\n## Pages over HTTP (production build, signed in as ${session.who}): server time of the whole page`);
      for (const [label, url] of session.pages) {
        try {
          const bytes = await get(`${appUrl}${url}`, cookie);
          const timing = await measure(label, () => get(`${appUrl}${url}`, cookie), { iterations: Math.max(20, Math.floor(ITERATIONS / 2)), warmup: 5 });
          console.log(`  ${label.padEnd(44)} p50 ${ms(timing.p50).padStart(10)}  p95 ${ms(timing.p95).padStart(10)}  CPU ${ms(timing.cpuMean ?? 0).padStart(9)}  (${Math.round(bytes / 1024)} KB)`);
        } catch (error) {
          console.log(`  ${label.padEnd(44)} skipped: ${(error as Error).message}`);
        }
      }
    }
  } catch (error) {
    console.log(`\n## Pages over HTTP skipped: ${(error as Error).message}`);
  } finally {
    agent.destroy();
    await server.close();
  }
}

