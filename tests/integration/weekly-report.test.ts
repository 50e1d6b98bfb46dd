import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { loadDashboard, reportContext } from "~/domain/reporting/dashboard.server";
import { periodRange } from "~/domain/reporting/report-period";
import type { ReportSection, SectionData } from "~/domain/reporting/report-section";
import { reportSections } from "~/domain/reporting/report-sections.server";
import {
  isSubscribedToWeeklyReport,
  renderWeeklyReport,
  sendDueWeeklyReports,
  subscribeToWeeklyReport,
  unsubscribeFromWeeklyReport,
  WEEKLY_REPORT_MAIL_KIND,
  weeklyReportUnsubscribeUrl,
} from "~/domain/reporting/weekly-report.server";
import { dueWeeklyReport } from "~/domain/reporting/weekly-report-schedule";
import { db } from "~/lib/db.server";
import { aGroup, aTicket, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

const paris = "Europe/Paris";
/** Monday 30 November 2026, 07:30 in Paris (UTC+1). */
const mondayAt0730 = new Date("2026-11-30T06:30:00Z");
const minutes = (n: number) => n * 60_000;

/**
 * A section as the dashboard's sections are written (record rules, period range), registered for
 * this file next to the real ones: one figure the tests control exactly (the mail shows whatever
 * sections exist).
 */
const ticketsSection: ReportSection = {
  id: "test-tickets",
  shownTo: (viewer) => viewer.role === "manager" || viewer.role === "admin",
  async load(context) {
    const count = async (period: typeof context.period) => {
      const range = periodRange(period, context.timeZone);
      return db().ticket.count({ where: { AND: [await visibleTicketsWhere(context.viewer), { createdAt: { gte: range.from, lt: range.to } }] } });
    };
    const [value, previous, lastYear] = await Promise.all([count(context.period), count(context.previous), count(context.lastYear)]);
    return {
      id: "test-tickets",
      title: "reporting.title",
      figures: [
        { id: "tickets-created", label: "reporting.period.week", format: "count", value, previous, lastYear: lastYear === 0 ? null : lastYear, trend: "neutral", drillDown: false },
      ],
      charts: [],
      tables: [],
    };
  },
};

let app: TestApp;
let manager: Awaited<ReturnType<typeof aUser>>;
let restricted: Awaited<ReturnType<typeof aUser>>;
let groupA: { id: string };
let groupB: { id: string };

async function ticketCreatedAt(at: string, groupId: string | null) {
  const ticket = await aTicket({ groupId });
  await db().ticket.update({ where: { id: ticket.id }, data: { createdAt: new Date(at) } });
}

async function mailsTo(address: string) {
  return db().outboundEmail.findMany({ where: { toAddress: address.toLowerCase(), kind: WEEKLY_REPORT_MAIL_KIND }, orderBy: { createdAt: "asc" } });
}

beforeAll(async () => {
  (reportSections as ReportSection[]).push(ticketsSection);
  groupA = await aGroup("Atelier");
  groupB = await aGroup("Bureau");
  manager = await aUser({ role: "manager", name: "Nathalie Girard" });
  // A manager restricted to one group: the mail shows the figures of their page, not the company's.
  restricted = await aUser({ role: "manager", name: "Hugo Lambert", groupIds: [groupA.id], restrictToGroups: true });
  // The week reported on (23–29 November 2026), the week before, and around the edges.
  await ticketCreatedAt("2026-11-22T22:59:00Z", groupA.id); // Sunday 22, 23:59 Paris: the week before
  await ticketCreatedAt("2026-11-22T23:00:00Z", groupA.id); // Monday 23, 00:00 Paris: in
  await ticketCreatedAt("2026-11-25T10:00:00Z", groupB.id); // in, other group
  await ticketCreatedAt("2026-11-29T22:59:59Z", groupA.id); // Sunday 29, 23:59:59 Paris: in
  await ticketCreatedAt("2026-11-29T23:00:00Z", groupA.id); // Monday 30, 00:00 Paris: after
  await ticketCreatedAt("2026-11-18T09:00:00Z", groupB.id); // the week before
});

afterAll(async () => {
  (reportSections as ReportSection[]).splice((reportSections as ReportSection[]).indexOf(ticketsSection), 1);
  await app?.close();
});

describe("the Monday report's schedule", () => {
  it("is sent from Monday 07:30 local, exactly once per user and week, across repeated and concurrent scans", async () => {
    await subscribeToWeeklyReport(manager, new Date("2026-11-01T10:00:00Z"));
    expect(await sendDueWeeklyReports(new Date(mondayAt0730.getTime() - minutes(1)), paris)).toEqual([
      // 07:29 is still the previous report's week: it goes out (the subscription predates it), not this one.
      { userId: manager.id, isoWeek: "2026-W47", sent: true },
    ]);
    expect((await mailsTo(manager.email)).map((mail) => mail.subject)).toEqual([expect.stringContaining("16 nov. 2026")]);

    const at0730 = await sendDueWeeklyReports(mondayAt0730, paris);
    expect(at0730).toEqual([{ userId: manager.id, isoWeek: "2026-W48", sent: true }]);
    // A restart, the next scans, two workers at once: nothing more.
    expect(await sendDueWeeklyReports(new Date(mondayAt0730.getTime() + minutes(5)), paris)).toEqual([]);
    const concurrent = await Promise.all([sendDueWeeklyReports(new Date("2026-12-02T12:00:00Z"), paris), sendDueWeeklyReports(new Date("2026-12-02T12:00:00Z"), paris)]);
    expect(concurrent.flat()).toEqual([]);
    const mails = await mailsTo(manager.email);
    expect(mails).toHaveLength(2);
    expect(await db().weeklyReportDelivery.count({ where: { userId: manager.id } })).toBe(2);
    expect(mails[1].subject).toBe("Tableau de bord : semaine du 23 nov. 2026 au 29 nov. 2026");
    expect(JSON.parse(mails[1].headers)).toMatchObject({ "Auto-Submitted": "auto-generated" });
  });

  it("two scans racing for the same report: the sent-marker lets one mail through", async () => {
    const racer = await aUser({ role: "manager", name: "Course" });
    await subscribeToWeeklyReport(racer, new Date("2026-11-01T10:00:00Z"));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => sendDueWeeklyReports(mondayAt0730, paris)));
    expect(results.every((result) => result.status === "fulfilled")).toBe(true);
    expect(await mailsTo(racer.email)).toHaveLength(1);
  });

  it("shows the figures of the page of that user for the week, with the comparisons", async () => {
    const mail = (await mailsTo(manager.email))[1];
    const due = dueWeeklyReport(mondayAt0730, paris);
    const page = await loadDashboard(reportContext(manager, due.period, mondayAt0730));
    const figure = page.find((section) => section.id === "test-tickets")!.figures[0];
    // Brute force: tickets created in [Mon 23 Nov 00:00, Mon 30 Nov 00:00) Paris; the week before: 16–22 Nov.
    expect(figure.value).toBe(3);
    expect(figure.previous).toBe(2);
    expect(mail.text).toContain(`- Cette semaine : 3 (Semaine précédente : 2, +50 % ; Un an plus tôt : —)`);
    expect(mail.html).toContain("Ouvrir le tableau de bord");
    expect(mail.html).toContain("/tableau-de-bord?periode=personnalisee&amp;du=2026-11-23&amp;au=2026-11-29");
    expect(mail.text).toContain("/rapport-du-lundi/desabonnement/");
    expect(JSON.parse(mail.headers)).toMatchObject({ "List-Unsubscribe": expect.stringMatching(/^<http.*\/rapport-du-lundi\/desabonnement\/[^>]+>$/), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });

    // The restricted manager sees their group's tickets only, in the mail as on the page.
    await subscribeToWeeklyReport(restricted, new Date("2026-11-01T10:00:00Z"));
    await sendDueWeeklyReports(new Date(mondayAt0730.getTime() + minutes(10)), paris);
    const restrictedMail = await mailsTo(restricted.email);
    expect(restrictedMail).toHaveLength(1);
    expect(restrictedMail[0].text).toContain("- Cette semaine : 2 (Semaine précédente : 1, +100 %");
  });

  it("starts with the first Monday after subscribing, stops when unsubscribed, skips those who may not read the dashboard", async () => {
    const late = await aUser({ role: "admin", name: "Arrivée tardive" });
    await subscribeToWeeklyReport(late, new Date("2026-12-01T09:00:00Z")); // Tuesday after the report was due
    expect(await sendDueWeeklyReports(new Date("2026-12-02T09:00:00Z"), paris)).toEqual([]);
    expect(await sendDueWeeklyReports(new Date("2026-12-07T06:30:00Z"), paris)).toContainEqual({ userId: late.id, isoWeek: "2026-W49", sent: true });

    await unsubscribeFromWeeklyReport(late.id);
    expect(await isSubscribedToWeeklyReport(late.id)).toBe(false);
    expect((await sendDueWeeklyReports(new Date("2026-12-14T06:30:00Z"), paris)).map((outcome) => outcome.userId)).not.toContain(late.id);
    expect(await mailsTo(late.email)).toHaveLength(1);

    // Marketing has no dashboard yet and cannot subscribe; a manager who lost the permission or was deactivated gets nothing.
    const marketer = await aUser({ role: "marketing" });
    await expect(subscribeToWeeklyReport(marketer)).rejects.toThrow();
    const demoted = await aUser({ role: "manager", name: "Rétrogradé" });
    await subscribeToWeeklyReport(demoted, new Date("2026-11-01T10:00:00Z"));
    await db().user.update({ where: { id: demoted.id }, data: { role: "marketing" } });
    const gone = await aUser({ role: "manager", name: "Parti" });
    await subscribeToWeeklyReport(gone, new Date("2026-11-01T10:00:00Z"));
    await db().user.update({ where: { id: gone.id }, data: { active: false } });
    const outcomes = await sendDueWeeklyReports(new Date("2026-12-21T06:30:00Z"), paris);
    expect(outcomes.map((outcome) => outcome.userId)).not.toContain(demoted.id);
    expect(outcomes.map((outcome) => outcome.userId)).not.toContain(gone.id);
  });

  it("sends nothing, but marks the week, when no section has a figure for the user", async () => {
    const marketer = await aUser({ role: "admin", name: "Sans données" });
    await subscribeToWeeklyReport(marketer, new Date("2026-11-01T10:00:00Z"));
    // Every section out of the registry for this call: none has a figure to send.
    const registered = (reportSections as ReportSection[]).splice(0);
    try {
      expect(await sendDueWeeklyReports(new Date("2026-12-28T06:30:00Z"), paris)).toContainEqual({ userId: marketer.id, isoWeek: "2026-W52", sent: false });
    } finally {
      (reportSections as ReportSection[]).push(...registered);
    }
    expect(await mailsTo(marketer.email)).toHaveLength(0);
  });
});

describe("the Monday report's mail", () => {
  const sections: SectionData[] = [
    {
      id: "money",
      title: "reporting.title",
      figures: [
        { id: "intake", label: "reporting.period", format: "cents", value: 123_456_789, previous: 98_765_432, lastYear: null, trend: "up", drillDown: true },
        { id: "rate", label: "reporting.period.week", format: "ratio", value: 0.875, previous: 0.9, lastYear: 0.8, trend: "up", drillDown: false },
        { id: "time", label: "reporting.period.month", format: "minutes", value: 135, previous: 135, lastYear: 200, trend: "down", drillDown: false },
        { id: "count", label: "reporting.period.year", format: "count", value: 12_345, previous: 0, lastYear: null, trend: "neutral", drillDown: false },
        { id: "empty", label: "reporting.period.custom", format: "count", value: null, previous: 3, lastYear: null, trend: "neutral", drillDown: false },
      ],
      charts: [{ id: "chart", title: "reporting.title", kind: "bar", x: { kind: "day", label: "reporting.period" }, series: [], rows: [] }],
      tables: [],
    },
    { id: "charts-only", title: "reporting.period.quarter", figures: [], charts: [], tables: [] },
  ];
  const period = dueWeeklyReport(new Date("2026-03-30T05:30:00Z"), paris).period;

  it("renders in French with fr-FR numbers and euros, changes coloured by their trend, and only sections with figures", () => {
    const mail = renderWeeklyReport({ id: "u1", name: "Nathalie Girard", locale: "fr" }, period, sections)!;
    expect(mail.subject).toBe("Tableau de bord : semaine du 23 mars 2026 au 29 mars 2026");
    const nbsp = "[\\u00a0\\u202f]";
    expect(mail.text).toMatch(new RegExp(`Bonjour Nathalie Girard,`));
    expect(mail.text).toMatch(new RegExp(`- Période : 1${nbsp}234${nbsp}567,89${nbsp}€ \\(Semaine précédente : 987${nbsp}654,32${nbsp}€, \\+25 % ; Un an plus tôt : —\\)`));
    expect(mail.text).toMatch(new RegExp(`- Cette semaine : 87,5 % \\(Semaine précédente : 90 %, −2,8 % ; Un an plus tôt : 80 %, \\+9,4 %\\)`));
    expect(mail.text).toContain("- Ce mois-ci : 2 h 15 min (Semaine précédente : 2 h 15 min, 0 % ; Un an plus tôt : 3 h 20 min, −32,5 %)");
    expect(mail.text).toMatch(new RegExp(`- Cette année : 12${nbsp}345 \\(Semaine précédente : 0 ; Un an plus tôt : —\\)`));
    expect(mail.text).toContain("- Dates choisies : Pas de données (Semaine précédente : 3 ; Un an plus tôt : —)");
    expect(mail.text).not.toContain("CE TRIMESTRE");
    // Good news green, bad news red: intake up (good), rate down (bad), time down (good).
    expect(mail.html).toMatch(/color:#047857">\+25 %/);
    expect(mail.html).toMatch(/color:#b91c1c">−2,8 %/);
    expect(mail.html).toMatch(/color:#047857">−32,5 %/);
    expect(mail.html).toContain('lang="fr"');
    expect(mail.html).toContain("du=2026-03-23&amp;au=2026-03-29");
  });

  it("renders in English for an English-speaking user, and nothing when no section has a figure", () => {
    const mail = renderWeeklyReport({ id: "u2", name: "Ann", locale: "en" }, period, sections)!;
    expect(mail.subject).toBe("Dashboard: week of 23 Mar 2026 to 29 Mar 2026");
    expect(mail.text).toContain("€1,234,567.89");
    expect(renderWeeklyReport({ id: "u2", name: "Ann", locale: "fr" }, period, [sections[1]])).toBeNull();
    expect(renderWeeklyReport({ id: "u2", name: "Ann", locale: "fr" }, period, [])).toBeNull();
  });
});

describe("subscribing from the account page", () => {
  it("a manager subscribes and unsubscribes; marketing, without a dashboard, is not offered it and may not post it", async () => {
    app = await startTestApp();
    const person = await aUser({ role: "manager", name: "Inès Roux" });
    const session = new HttpSession(app.url);
    await session.signIn(person.email, TEST_PASSWORD);
    expect(await (await session.get("/compte")).text()).toContain("Vous ne recevez pas le rapport du lundi.");
    expect((await session.postForm("/compte", { intent: "weekly-report", subscribe: "true" })).status).toBe(302);
    expect(await isSubscribedToWeeklyReport(person.id)).toBe(true);
    expect(await (await session.get("/compte")).text()).toContain(`Vous recevez le rapport du lundi à ${person.email}.`);
    expect((await session.postForm("/compte", { intent: "weekly-report", subscribe: "false" })).status).toBe(302);
    expect(await isSubscribedToWeeklyReport(person.id)).toBe(false);

    const marketer = await aUser({ role: "marketing" });
    const other = new HttpSession(app.url);
    await other.signIn(marketer.email, TEST_PASSWORD);
    expect(await (await other.get("/compte")).text()).not.toContain("rapport du lundi");
    expect((await other.postForm("/compte", { intent: "weekly-report", subscribe: "true" })).status).toBe(404);
    expect(await isSubscribedToWeeklyReport(marketer.id)).toBe(false);
  });

  it("the mail's link unsubscribes without signing in: opening it changes nothing, confirming (or the mail client's one-click POST) does", async () => {
    const person = await aUser({ role: "manager", name: "Paul Lenoir" });
    await subscribeToWeeklyReport(person);
    const path = new URL(weeklyReportUnsubscribeUrl(person.id)).pathname;
    const visitor = new HttpSession(app.url);
    const page = await visitor.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ne plus recevoir le résumé du tableau de bord chaque lundi ?");
    expect(await isSubscribedToWeeklyReport(person.id)).toBe(true);
    // The one-click POST of RFC 8058: no cookie, no CSRF token, no Origin.
    const oneClick = await fetch(new URL(path, app.url), { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }), redirect: "manual" });
    expect(oneClick.status).toBe(200);
    expect(await isSubscribedToWeeklyReport(person.id)).toBe(false);
    // A forged or altered link unsubscribes nobody.
    await subscribeToWeeklyReport(person);
    const forged = path.replace(/.$/, (last) => (last === "A" ? "B" : "A"));
    expect((await fetch(new URL(forged, app.url), { method: "POST", body: new URLSearchParams(), redirect: "manual" })).status).toBe(404);
    expect(await (await visitor.get(forged)).text()).toContain("Ce lien de désabonnement n&#x27;est pas valide.");
    expect(await isSubscribedToWeeklyReport(person.id)).toBe(true);
  });
});
