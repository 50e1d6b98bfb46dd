import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBusinessCalendar, resolveSlaPolicy } from "~/domain/helpdesk/sla/sla.server";
import { db } from "~/lib/db.server";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aCompany, aTicketAt } from "../support/planning-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

let app: TestApp;
let admin: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let ticketNumber: number;
let ticketId: string;

async function signedIn(user: { email: string }, warmUp = "/support/agenda") {
  const session = new HttpSession(app.url);
  const response = await session.signIn(user.email, TEST_PASSWORD);
  expect(response.status).toBe(302);
  await session.get(warmUp); // a page with a form, for the CSRF token
  return session;
}

/**
 * Posts the way the page's fetchers do (single fetch: `<path>.data`, answered in turbo-stream):
 * a refusal keeps its status (400, 409); a redirect answers 202 and names its target.
 */
async function submitLikeFetcher(session: HttpSession, path: string, fields: Record<string, string>) {
  const response = await session.postForm(`${path}.data`, fields);
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  technician = await aUser({ role: "technician", name: "Paul Terrain" });
  const company = await aCompany({ name: "Garage Martin", street: "3 avenue Jean Jaurès", postalCode: "69007", city: "Lyon" });
  const ticket = await aTicketAt(new Date("2026-11-23T09:00:00+01:00"), { companyId: company.id, subject: "Pont élévateur en panne" });
  ticketId = ticket.ticketId;
  ticketNumber = ticket.number;
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

describe("SLA administration", () => {
  it("is for administrators only", async () => {
    const session = await signedIn(technician);
    expect((await session.get("/admin/sla")).status).toBe(403);
    expect((await session.get("/admin/sla/horaires")).status).toBe(403);
  });

  it("refuses bad targets next to their fields, keeps what was typed, then saves good ones", async () => {
    const session = await signedIn(admin, "/admin/sla");
    const page = await session.get("/admin/sla");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Objectifs par priorité");
    expect(html).toContain('href="/admin/sla"');

    const fields = {
      intent: "defaults",
      urgentActive: "on",
      urgentFirstResponseHours: "deux",
      urgentFirstResponseMinutes: "0",
      urgentResolutionHours: "4",
      urgentResolutionMinutes: "0",
      highActive: "on",
      highFirstResponseHours: "4",
      highFirstResponseMinutes: "0",
      highResolutionHours: "2",
      highResolutionMinutes: "0",
      normalActive: "on",
      normalFirstResponseHours: "8",
      normalFirstResponseMinutes: "75",
      normalResolutionHours: "25",
      normalResolutionMinutes: "30",
      lowActive: "on",
      lowFirstResponseHours: "8",
      lowFirstResponseMinutes: "30",
      lowResolutionHours: "42",
      lowResolutionMinutes: "30",
    };
    const refused = await session.postForm("/admin/sla", fields);
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain("Saisissez un nombre d&#x27;heures entier (0 à 9999).");
    expect(body).toContain("Saisissez un nombre de minutes entre 0 et 59.");
    expect(body).toContain("Le délai de résolution ne peut pas être plus court que celui de première réponse.");
    expect(body).toContain('value="deux"');
    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: null })).toMatchObject({ firstResponseMinutes: 60 });

    const saved = await session.postForm("/admin/sla", {
      ...fields,
      urgentFirstResponseHours: "0",
      urgentFirstResponseMinutes: "45",
      highResolutionHours: "8",
      highResolutionMinutes: "30",
      normalFirstResponseMinutes: "0",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/sla");
    expect(await resolveSlaPolicy(db(), { priority: "urgent", companyId: null })).toMatchObject({ firstResponseMinutes: 45, resolutionMinutes: 240 });
    expect(await db().auditLog.count({ where: { action: "sla.policy.updated", actorId: admin.id } })).toBe(1);
  });

  it("adds, refuses twice, edits and deletes a company's own targets", async () => {
    const session = await signedIn(admin, "/admin/sla");
    const company = await aCompany({ name: "Clinique des Lilas" });
    const add = { intent: "create-company", companyId: company.id, priority: "high", firstResponseHours: "1", firstResponseMinutes: "30", resolutionHours: "6", resolutionMinutes: "0" };
    expect((await session.postForm("/admin/sla", add)).status).toBe(302);
    const policy = await db().slaPolicy.findFirstOrThrow({ where: { companyId: company.id } });
    expect(policy).toMatchObject({ priority: "high", firstResponseMinutes: 90, resolutionMinutes: 360 });
    expect(await (await session.get("/admin/sla")).text()).toContain("Clinique des Lilas");

    const twice = await session.postForm("/admin/sla", add);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("Cette société a déjà ses propres objectifs pour cette priorité");
    const noCompany = await session.postForm("/admin/sla", { ...add, companyId: "" });
    expect(noCompany.status).toBe(400);
    expect(await noCompany.text()).toContain("Choisissez une valeur dans la liste.");

    expect((await session.postForm("/admin/sla", { intent: "update-company", policyId: policy.id, firstResponseHours: "2", firstResponseMinutes: "", resolutionHours: "6", resolutionMinutes: "" })).status).toBe(302);
    expect(await db().slaPolicy.findUniqueOrThrow({ where: { id: policy.id } })).toMatchObject({ firstResponseMinutes: 120 });
    expect((await session.postForm("/admin/sla", { intent: "delete-company", policyId: policy.id })).status).toBe(302);
    expect(await db().slaPolicy.count({ where: { companyId: company.id } })).toBe(0);
    expect((await session.postForm("/admin/sla", { intent: "delete-company", policyId: policy.id })).status).toBe(404);
  });

  it("validates and saves the business hours and closed days", async () => {
    const session = await signedIn(admin, "/admin/sla/horaires");
    const page = await (await session.get("/admin/sla/horaires")).text();
    expect(page).toContain('value="08:30"');
    expect(page).toContain("Lundi de Pâques");

    const week: Record<string, string> = {};
    for (const day of ["monday", "tuesday", "wednesday", "thursday", "friday"]) {
      Object.assign(week, { [`${day}_start_0`]: "08:30", [`${day}_end_0`]: "12:30", [`${day}_start_1`]: "13:30", [`${day}_end_1`]: "18:00" });
    }
    const refused = await session.postForm("/admin/sla/horaires", {
      ...week,
      monday_end_0: "07:00",
      saturday_start_0: "09:00",
      frenchHolidays: "on",
      closedDays: "24/12/2026 Veille de Noël\nle 31 décembre",
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain("L&#x27;heure de fin doit être après l&#x27;heure de début.");
    expect(body).toContain("Indiquez l&#x27;heure de fin de ce créneau.");
    expect(body).toContain("Une ligne n&#x27;est pas une date valide");
    expect(body).toContain("le 31 décembre");

    const saved = await session.postForm("/admin/sla/horaires", {
      ...week,
      saturday_start_0: "09:00",
      saturday_end_0: "12:00",
      frenchHolidays: "on",
      closedDays: "24/12/2026 Veille de Noël\n2026-12-31",
    });
    expect(saved.status).toBe(302);
    const calendar = await loadBusinessCalendar();
    expect(calendar.week.saturday).toEqual([{ start: 540, end: 720 }]);
    expect(calendar.closedDays).toEqual([
      { date: "2026-12-24", label: "Veille de Noël" },
      { date: "2026-12-31", label: "" },
    ]);
    expect(calendar.alsaceMoselle).toBe(false);
    await db().setting.delete({ where: { key: "sla.calendar" } });
  });
});

describe("interventions over HTTP", () => {
  const slot = { technicianId: "", kind: "onsite", date: "2026-12-01", startTime: "09:00", endTime: "11:00", address: "", notes: "Clés chez le gardien" };

  it("plans with the company's address, refuses an overlap with what it clashes with, shows it in the agenda, then takes the report", async () => {
    const session = await signedIn(technician);
    const path = `/support/tickets/${ticketNumber}/interventions`;

    const bad = await submitLikeFetcher(session, path, { intent: "plan", ...slot, technicianId: technician.id, startTime: "11:00", endTime: "10:00" });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("planning.validation.endAfterStart");

    const planned = await submitLikeFetcher(session, path, { intent: "plan", ...slot, technicianId: technician.id });
    expect(planned.status).toBe(202);
    expect(planned.body).toContain(`/support/tickets/${ticketNumber}`);
    const intervention = await db().intervention.findFirstOrThrow({ where: { ticketId } });
    expect(intervention).toMatchObject({ address: "3 avenue Jean Jaurès, 69007 Lyon", notes: "Clés chez le gardien", plannedById: technician.id });

    const clash = await submitLikeFetcher(session, path, { intent: "plan", ...slot, technicianId: technician.id, startTime: "10:30", endTime: "12:00" });
    expect(clash.status).toBe(409);
    expect(clash.body).toContain("planning.intervention.overlap");
    expect(clash.body).toContain("Paul Terrain");
    expect(clash.body).toContain(new Date("2026-12-01T09:00:00+01:00").toISOString());
    expect(await db().intervention.count({ where: { ticketId } })).toBe(1);

    const agenda = await (await session.get(`/support/agenda?semaine=2026-W49&technicien=${technician.id}`)).text();
    expect(agenda).toContain("Pont élévateur en panne");
    expect(agenda).toContain(`/support/interventions/${intervention.id}`);
    expect(agenda).toContain("Paul Terrain");
    const otherWeek = await (await session.get(`/support/agenda?semaine=2026-W50&technicien=${technician.id}`)).text();
    expect(otherWeek).not.toContain("Pont élévateur en panne");

    const page = await session.get(`/support/interventions/${intervention.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("3 avenue Jean Jaurès, 69007 Lyon");

    const reported = await submitLikeFetcher(session, path, { intent: "report", interventionId: intervention.id, report: "Flexible hydraulique remplacé.", redirectTo: `/support/interventions/${intervention.id}` });
    expect(reported.status).toBe(202);
    expect(reported.body).toContain(`/support/interventions/${intervention.id}`);
    const note = await db().message.findFirstOrThrow({ where: { interventionId: intervention.id } });
    expect(note).toMatchObject({ ticketId, visibility: "internal", authorUserId: technician.id });
    expect(note.bodyText).toContain("Flexible hydraulique remplacé.");

    const again = await submitLikeFetcher(session, path, { intent: "report", interventionId: intervention.id, report: "Encore" });
    expect(again.status).toBe(409);
    expect(again.body).toContain("planning.intervention.alreadyReported");
    // An intervention of another ticket cannot be reached through this ticket.
    const elsewhere = await submitLikeFetcher(session, path, { intent: "cancel", interventionId: "not-this-ticket" });
    expect(elsewhere.status).toBe(404);
  });

  it("hides other people's tickets and refuses those who do not work tickets", async () => {
    const field = await aGroup("Terrain (routes)");
    const restricted = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true });
    const sales = await aUser({ role: "sales" });
    const path = `/support/tickets/${ticketNumber}/interventions`;

    const restrictedSession = await signedIn(restricted);
    expect((await submitLikeFetcher(restrictedSession, path, { intent: "plan", ...slot, technicianId: restricted.id, date: "2026-12-02" })).status).toBe(404);
    const intervention = await db().intervention.findFirstOrThrow({ where: { ticketId } });
    expect((await restrictedSession.get(`/support/interventions/${intervention.id}`)).status).toBe(404);

    const salesSession = await signedIn(sales, "/clients");
    expect((await salesSession.get("/support/agenda")).status).toBe(403);
    expect((await submitLikeFetcher(salesSession, path, { intent: "plan", ...slot, technicianId: technician.id })).status).toBe(403);
  });
});
