import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, fromZoned, isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { sendActivityReminders } from "~/domain/sales/activity-reminders.server";
import { db } from "~/lib/db.server";
import { TEST_PASSWORD } from "../support/factories.ts";
import { aCompanyTicket, aCustomer, anActivity, aSalesPerson, type SalesPerson } from "../support/sales-agenda-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

const ZONE = "Europe/Paris";
const today = () => toZoned(new Date(), ZONE).date;
const localSlot = (daysAhead: number, minutes: number) => fromZoned(addDays(today(), daysAhead), minutes, ZONE);

/**
 * The agenda's pages over HTTP, as the browser drives them: forms and their refusals, and the
 * record rule (another rep's activity or report is "not found"; support reads but cannot write).
 */
describe("sales agenda pages", () => {
  let app: TestApp;
  let rep: SalesPerson;
  let otherRep: SalesPerson;
  let technician: SalesPerson;
  let marketing: SalesPerson;
  let customer: Awaited<ReturnType<typeof aCustomer>>;
  let otherCustomer: Awaited<ReturnType<typeof aCustomer>>;
  let ticket: { id: string; number: number };
  let appointmentId: string;

  beforeAll(async () => {
    await aSalesPerson("admin");
    rep = await aSalesPerson("sales", "Léa Commerciale");
    otherRep = await aSalesPerson("sales", "Marc Commercial");
    technician = await aSalesPerson("technician", "Paul Terrain");
    marketing = await aSalesPerson("marketing");
    customer = await aCustomer("Menuiserie Aubert");
    otherCustomer = await aCustomer("Garage Martin");
    ticket = await aCompanyTicket({ companyId: customer.company.id, requesterId: customer.contact.id, subject: "Scie à panneaux en panne" });
    appointmentId = (
      await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Démonstration de la scie", startsAt: localSlot(1, 10 * 60), endsAt: localSlot(1, 11 * 60), companyId: customer.company.id, contactId: customer.contact.id })
    ).id;
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  async function signedIn(user: { email: string }, warmUp = "/ventes/agenda") {
    const session = new HttpSession(app.url);
    expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
    await session.get(warmUp); // a page with a form, for the CSRF token
    return session;
  }

  const callFields = (overrides: Record<string, string> = {}) => ({
    intent: "create",
    kind: "call",
    subject: "Appel de découverte",
    date: isoDate(today()),
    time: "10:15",
    companyId: customer.company.id,
    companyName: customer.company.name,
    contactId: customer.contact.id,
    done: "on",
    ...overrides,
  });

  it("logs a call done now from the form, and refuses bad input next to its field without saving", async () => {
    const session = await signedIn(rep);
    const form = await (await session.get(`/ventes/activites/nouvelle?kind=call&companyId=${customer.company.id}`)).text();
    expect(form).toContain("Journaliser un appel");
    expect(form).toContain(`value="${customer.company.name}"`);
    expect(form).toMatch(/name="done"[^>]*checked/);

    const empty = await session.postForm("/ventes/activites/nouvelle", callFields({ subject: "" }));
    expect(empty.status).toBe(400);
    const refused = await empty.text();
    expect(refused).toContain("Ce champ est obligatoire.");
    expect(refused).toContain('value="10:15"');
    const foreignContact = await session.postForm("/ventes/activites/nouvelle", callFields({ contactId: otherCustomer.contact.id }));
    expect(foreignContact.status).toBe(400);
    expect(await foreignContact.text()).toContain("Ce contact ne travaille pas dans cette société.");
    expect(await db().activity.count({ where: { ownerId: rep.id, kind: "call" } })).toBe(0);

    const saved = await session.postForm("/ventes/activites/nouvelle", callFields());
    expect(saved.status).toBe(302);
    const call = await db().activity.findFirstOrThrow({ where: { ownerId: rep.id, kind: "call" } });
    expect(saved.headers.get("location")).toBe(`/ventes/activites/${call.id}`);
    expect(call).toMatchObject({ subject: "Appel de découverte", companyId: customer.company.id, contactId: customer.contact.id });
    expect(call.doneAt).not.toBeNull();
    expect(await (await session.get(`/ventes/activites/${call.id}`)).text()).toContain("Appel de découverte");
  });

  it("starts an activity from a ticket with its company and requester", async () => {
    const session = await signedIn(rep);
    const ticketPage = await (await session.get(`/support/tickets/${ticket.number}`)).text();
    expect(ticketPage).toContain(`/ventes/activites/nouvelle?kind=appointment&amp;ticketId=${ticket.id}`);
    const form = await (await session.get(`/ventes/activites/nouvelle?kind=appointment&ticketId=${ticket.id}`)).text();
    expect(form).toContain(`value="${customer.company.name}"`);
    expect(form).toMatch(new RegExp(`<option value="${customer.contact.id}" selected`));
    expect(form).toMatch(new RegExp(`<option value="${ticket.id}" selected`));
    expect(form).toContain("3 rue des Forges, 69003 Lyon");
  });

  it("keeps another rep's activity and report out of reach: 404 to read and to write", async () => {
    const report = await db().visitReport.create({ data: { companyId: customer.company.id, authorId: rep.id, visitedAt: new Date(), discussion: "Échange", nextSteps: { create: { position: 0, text: "Relancer" } } }, include: { nextSteps: true } });
    const session = await signedIn(otherRep);
    expect((await session.get(`/ventes/activites/${appointmentId}`)).status).toBe(404);
    expect((await session.get(`/ventes/comptes-rendus/${report.id}`)).status).toBe(404);
    expect((await session.get(`/ventes/comptes-rendus/nouveau?activityId=${appointmentId}`)).status).toBe(200);
    const attempts: Array<Record<string, string>> = [
      { intent: "done", version: "1", done: "true" },
      { intent: "delete", version: "1" },
      { intent: "update", version: "1", kind: "appointment", subject: "Pris", date: "2026-12-10", time: "10:00", endTime: "11:00", mode: "onsite", companyId: customer.company.id },
    ];
    for (const fields of attempts) {
      expect((await session.postForm(`/ventes/activites/${appointmentId}`, fields)).status).toBe(404);
    }
    expect((await session.postForm("/ventes/agenda", { intent: "done", activityId: appointmentId, version: "1", done: "true" })).status).toBe(404);
    expect((await session.postForm(`/ventes/comptes-rendus/${report.id}`, { intent: "create-task", stepId: report.nextSteps[0].id })).status).toBe(404);
    const reportFor = await session.postForm("/ventes/comptes-rendus/nouveau", { intent: "create", activityId: appointmentId, date: "2026-12-10", time: "10:00", companyId: customer.company.id, companyName: customer.company.name, discussion: "Pris" });
    expect(reportFor.status).toBe(400);
    expect(await reportFor.text()).toContain("Ce rendez-vous n&#x27;existe pas ou n&#x27;est pas le vôtre.");
    expect(await db().activity.findUniqueOrThrow({ where: { id: appointmentId }, select: { subject: true, doneAt: true, version: true } })).toEqual({ subject: "Démonstration de la scie", doneAt: null, version: 1 });
    expect(await db().activity.count({ where: { subject: "Relancer" } })).toBe(0);
    expect(await db().visitReport.count({ where: { activityId: appointmentId } })).toBe(0);
  });

  it("lets support read an activity and a report but refuses its writes; marketing reads none", async () => {
    const report = await db().visitReport.create({ data: { companyId: customer.company.id, authorId: rep.id, visitedAt: new Date(), objectives: "Lu par le support" } });
    const support = await signedIn(technician, "/support");
    const page = await support.get(`/ventes/activites/${appointmentId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Démonstration de la scie");
    expect(html).not.toContain('name="intent" value="update"');
    expect(html).not.toContain("Rédiger le compte rendu");
    expect((await support.get(`/ventes/comptes-rendus/${report.id}`)).status).toBe(200);
    expect((await support.postForm(`/ventes/activites/${appointmentId}`, { intent: "done", version: "1", done: "true" })).status).toBe(403);
    expect((await support.postForm(`/ventes/comptes-rendus/${report.id}`, { intent: "update", version: "1" })).status).toBe(403);
    expect((await support.get("/ventes/activites/nouvelle")).status).toBe(403);
    expect((await support.get("/ventes/agenda")).status).toBe(403);
    const company = await (await support.get(`/clients/societes/${customer.company.id}`)).text();
    expect(company).not.toContain("Journaliser un appel");

    const outsider = await signedIn(marketing, "/clients");
    expect((await outsider.get(`/ventes/activites/${appointmentId}`)).status).toBe(403);
    expect((await outsider.get(`/ventes/comptes-rendus/${report.id}`)).status).toBe(403);
  });

  it("shows what changed when a save lost the race, and saves nothing", async () => {
    const session = await signedIn(rep);
    const task = await anActivity({ ownerId: rep.id, kind: "task", subject: "Préparer l'offre", startsAt: localSlot(2, 0), companyId: customer.company.id });
    await db().activity.update({ where: { id: task.id }, data: { subject: "Préparer l'offre chiffrée", version: 2 } });
    const stale = await session.postForm(`/ventes/activites/${task.id}`, {
      intent: "update",
      kind: "task",
      version: "1",
      subject: "Préparer l'offre (ma version)",
      date: isoDate(addDays(today(), 2)),
      time: "",
      companyId: customer.company.id,
      companyName: customer.company.name,
    });
    expect(stale.status).toBe(409);
    const body = await stale.text();
    expect(body).toContain("Quelqu&#x27;un a modifié cette activité entre-temps : rien n&#x27;a été enregistré.");
    expect(body).toContain("maintenant : Préparer l&#x27;offre chiffrée");
    expect(body).toContain('name="version" value="2"');
    expect((await db().activity.findUniqueOrThrow({ where: { id: task.id } })).subject).toBe("Préparer l'offre chiffrée");
  });

  it("places the appointment in the week, ticks a task off from the agenda, and lists late to-dos", async () => {
    const session = await signedIn(rep);
    const task = await anActivity({ ownerId: rep.id, kind: "task", subject: "Envoyer la brochure", startsAt: localSlot(1, 0), companyId: customer.company.id });
    await anActivity({ ownerId: rep.id, kind: "task", subject: "Relance oubliée", startsAt: localSlot(-3, 9 * 60) });
    await anActivity({ ownerId: otherRep.id, kind: "appointment", subject: "Rendez-vous de Marc", startsAt: localSlot(1, 9 * 60) });
    const agendaUrl = `/ventes/agenda?vue=semaine&date=${isoDate(addDays(today(), 1))}`;
    const week = await (await session.get(agendaUrl)).text();
    expect(week).toContain("Démonstration de la scie");
    expect(week).toContain("Envoyer la brochure");
    expect(week).not.toContain("Rendez-vous de Marc");
    expect(week).toContain("En retard (1)");
    expect(week).toContain("Relance oubliée");

    const ticked = await session.postForm(agendaUrl, { intent: "done", activityId: task.id, version: String(task.version), done: "true" });
    expect(ticked.status).toBe(302);
    expect(ticked.headers.get("location")).toBe(agendaUrl);
    expect((await db().activity.findUniqueOrThrow({ where: { id: task.id } })).doneAt).not.toBeNull();
    const again = await session.postForm(agendaUrl, { intent: "done", activityId: task.id, version: String(task.version), done: "false" });
    expect(again.status).toBe(303);
    expect((await db().activity.findUniqueOrThrow({ where: { id: task.id } })).doneAt).not.toBeNull();
  });

  it("writes the appointment's report, makes its next step a task once, and shows it on the ticket discussed", async () => {
    const session = await signedIn(rep);
    const form = await (await session.get(`/ventes/comptes-rendus/nouveau?activityId=${appointmentId}`)).text();
    expect(form).toContain("Démonstration de la scie");
    const written = await session.postForm("/ventes/comptes-rendus/nouveau", {
      intent: "create",
      activityId: appointmentId,
      date: isoDate(addDays(today(), 1)),
      time: "10:00",
      companyId: customer.company.id,
      companyName: customer.company.name,
      contactId: customer.contact.id,
      attendees: "Julie Martin, gérante",
      objectives: "Montrer la scie",
      discussion: "La scie actuelle tombe en panne chaque semaine.",
      outcome: "Devis demandé",
      ticketIds: [ticket.id],
      nextStepId: ["", ""],
      nextStepText: ["Envoyer le devis", ""],
      nextStepDue: [isoDate(addDays(today(), 4)), ""],
    });
    expect(written.status).toBe(302);
    const report = await db().visitReport.findUniqueOrThrow({ where: { activityId: appointmentId }, include: { nextSteps: true } });
    expect(written.headers.get("location")).toBe(`/ventes/comptes-rendus/${report.id}`);
    expect((await db().activity.findUniqueOrThrow({ where: { id: appointmentId } })).doneAt).not.toBeNull();
    // Asking again for a report of this appointment leads to the one written.
    const asked = await session.get(`/ventes/comptes-rendus/nouveau?activityId=${appointmentId}`);
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe(`/ventes/comptes-rendus/${report.id}`);

    const step = report.nextSteps[0];
    await session.get(`/ventes/comptes-rendus/${report.id}`);
    expect((await session.postForm(`/ventes/comptes-rendus/${report.id}`, { intent: "create-task", stepId: step.id })).status).toBe(302);
    expect((await session.postForm(`/ventes/comptes-rendus/${report.id}`, { intent: "create-task", stepId: step.id })).status).toBe(302);
    expect(await db().activity.count({ where: { subject: "Envoyer le devis", ownerId: rep.id, kind: "task" } })).toBe(1);
    expect(await (await session.get(`/ventes/comptes-rendus/${report.id}`)).text()).toContain("Tâche à faire");

    const support = await signedIn(technician, "/support");
    const ticketPage = await (await support.get(`/support/tickets/${ticket.number}`)).text();
    expect(ticketPage).toContain("Comptes rendus de visite");
    expect(ticketPage).toContain(`/ventes/comptes-rendus/${report.id}`);
    const colleague = await signedIn(otherRep);
    expect(await (await colleague.get(`/support/tickets/${ticket.number}`)).text()).not.toContain(`/ventes/comptes-rendus/${report.id}`);
  });

  it("puts a reminder in the owner's notifications, linked to the activity", async () => {
    const task = await anActivity({ ownerId: rep.id, kind: "task", subject: "Rappeler le gérant", startsAt: new Date(Date.now() - 60_000) });
    await sendActivityReminders({ now: new Date() });
    const session = await signedIn(rep);
    const list = await (await session.get("/notifications")).text();
    expect(list).toContain("Rappel : tâche à faire");
    expect(list).toContain(`href="/ventes/activites/${task.id}"`);
    // Opening the activity reads its reminder.
    await session.get(`/ventes/activites/${task.id}`);
    expect(await db().notification.count({ where: { activityId: task.id, readAt: null } })).toBe(0);
  });
});
