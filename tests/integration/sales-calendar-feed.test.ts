import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, formatClock, fromZoned, isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { buildCalendarFeed, CALENDAR_FEED_RATE_LIMIT } from "~/domain/sales/calendar-feed.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { TEST_PASSWORD } from "../support/factories.ts";
import { aCustomer, anActivity, aSalesPerson, type SalesPerson } from "../support/sales-agenda-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

const ZONE = "Europe/Paris";
const at = (iso: string) => new Date(iso);
const events = (text: string) => Object.values(ical.sync.parseICS(text)).filter((component): component is VEvent => component?.type === "VEVENT");
const byUid = (text: string) => new Map(events(text).map((event) => [event.uid.split("@")[0], event]));
const parisClock = (instant: Date) => formatClock(toZoned(instant, ZONE).minutes);
const summary = (event: VEvent) => (typeof event.summary === "string" ? event.summary : event.summary.val);

/** The iCalendar feed, read by a real parser: what it holds, its times in Paris across the clock change, and its secret address. */
describe("calendar feed content", () => {
  let rep: SalesPerson;
  let colleague: SalesPerson;
  const now = at("2027-03-20T10:00:00Z");
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rep = await aSalesPerson("sales", "Léa Commerciale");
    colleague = await aSalesPerson("sales", "Marc Commercial");
    const { company, contact } = await aCustomer("Boulangerie Lemoine");
    const add = async (name: string, input: Parameters<typeof anActivity>[0]) => (ids[name] = (await anActivity(input)).id);
    await add("winter", { ownerId: rep.id, kind: "appointment", subject: "Rendez-vous d'hiver", startsAt: at("2027-03-10T13:00:00Z"), location: "3 rue des Forges, Lyon", companyId: company.id, contactId: contact.id });
    await add("changeDay", { ownerId: rep.id, kind: "appointment", subject: "Le jour du changement d'heure", startsAt: at("2027-03-28T08:00:00Z"), mode: "remote" });
    await add("summer", { ownerId: rep.id, kind: "appointment", subject: "Rendez-vous d'été", startsAt: at("2027-07-01T12:00:00Z") });
    await add("tooOld", { ownerId: rep.id, kind: "appointment", startsAt: at("2027-02-01T09:00:00Z") });
    await add("tooFar", { ownerId: rep.id, kind: "appointment", startsAt: at("2028-04-01T09:00:00Z") });
    await add("taskInTheDay", { ownerId: rep.id, kind: "task", subject: "Relancer", startsAt: at("2027-03-21T23:00:00Z") });
    await add("timedTask", { ownerId: rep.id, kind: "call", subject: "Rappeler", startsAt: at("2027-03-23T14:00:00Z") });
    await add("doneTask", { ownerId: rep.id, kind: "task", startsAt: at("2027-03-22T09:00:00Z"), doneAt: at("2027-03-22T10:00:00Z") });
    await add("colleague", { ownerId: colleague.id, kind: "appointment", startsAt: at("2027-03-25T09:00:00Z") });
  });

  it("holds the owner's appointments at their Paris times, winter and summer, and to-dos as days", async () => {
    const feed = await buildCalendarFeed({ id: rep.id, name: rep.name, locale: "fr" }, { now, publicUrl: "https://crm.exemple.fr" });
    expect(feed).toContain("X-WR-CALNAME:Comptoir · Agenda de Léa Commerciale");
    const parsed = byUid(feed);
    expect([...parsed.keys()].sort()).toEqual([ids.winter, ids.changeDay, ids.summer, ids.taskInTheDay, ids.timedTask].sort());
    expect([...parsed.values()].every((event) => event.uid.endsWith("@crm.exemple.fr"))).toBe(true);

    const winter = parsed.get(ids.winter)!;
    expect(winter.start.toISOString()).toBe("2027-03-10T13:00:00.000Z");
    expect(parisClock(winter.start)).toBe("14:00");
    expect(parisClock(winter.end!)).toBe("15:00");
    expect(summary(winter)).toBe("Rendez-vous d'hiver");
    expect(winter.location).toBe("3 rue des Forges, Lyon");
    expect(winter.sequence).toBe(1);
    expect(winter.description).toContain("Boulangerie Lemoine");
    expect(winter.description).toContain(`https://crm.exemple.fr/ventes/activites/${ids.winter}`);
    // 28 March 2027: 08:00 UTC is 10:00 in Paris (summer time from 02:00 that morning).
    expect(parisClock(parsed.get(ids.changeDay)!.start)).toBe("10:00");
    expect(parsed.get(ids.changeDay)!.location).toBe("À distance");
    expect(parsed.get(ids.summer)!.start.toISOString()).toBe("2027-07-01T12:00:00.000Z");
    expect(parisClock(parsed.get(ids.summer)!.start)).toBe("14:00");

    const task = parsed.get(ids.taskInTheDay)!;
    expect(task.datetype).toBe("date");
    expect(summary(task)).toBe("Tâche : Relancer");
    expect(isoDate({ year: task.start.getFullYear(), month: task.start.getMonth() + 1, day: task.start.getDate() })).toBe("2027-03-22");
    expect(summary(parsed.get(ids.timedTask)!)).toBe("Appel à passer (15:00) : Rappeler");
  });

  it("speaks the owner's language", async () => {
    const feed = await buildCalendarFeed({ id: rep.id, name: rep.name, locale: "en" }, { now, publicUrl: "https://crm.exemple.fr" });
    expect(summary(byUid(feed).get(ids.taskInTheDay)!)).toBe("Task: Relancer");
  });
});

describe("calendar feed address", () => {
  let app: TestApp;
  let rep: SalesPerson;
  let colleague: SalesPerson;
  let technician: SalesPerson;
  let company: { id: string };
  let appointmentId: string;

  const localSlot = (daysAhead: number, minutes: number) => fromZoned(addDays(toZoned(new Date(), ZONE).date, daysAhead), minutes, ZONE);

  beforeAll(async () => {
    await aSalesPerson("admin"); // a workspace with an administrator (else sign-in leads to the first-run page)
    rep = await aSalesPerson("sales", "Léa Commerciale");
    colleague = await aSalesPerson("sales", "Marc Commercial");
    technician = await aSalesPerson("technician");
    company = (await aCustomer("Garage Martin")).company;
    appointmentId = (await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Visite du garage", startsAt: localSlot(3, 14 * 60), endsAt: localSlot(3, 15 * 60), companyId: company.id })).id;
    await anActivity({ ownerId: colleague.id, kind: "appointment", subject: "Visite de Marc", startsAt: localSlot(3, 9 * 60) });
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  async function signedIn(user: { email: string }) {
    const session = new HttpSession(app.url);
    expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
    return session;
  }

  async function feedPath(session: HttpSession): Promise<string | null> {
    const html = await (await session.get("/ventes/agenda")).text();
    const url = /data-testid="calendar-feed-url" value="([^"]+)"|value="([^"]+)"[^>]*data-testid="calendar-feed-url"/.exec(html);
    const found = url?.[1] ?? url?.[2];
    return found ? new URL(found).pathname : null;
  }

  const anonymous = (path: string) => fetch(new URL(path, app.url));

  it("creates a secret address that serves the owner's agenda without a session, and follows a moved appointment", async () => {
    const session = await signedIn(rep);
    expect(await feedPath(session)).toBeNull();
    const created = await session.postForm("/ventes/agenda", { intent: "feed-create" });
    expect(created.status).toBe(302);
    const path = await feedPath(session);
    expect(path).toMatch(/^\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    // The token is not kept in clear: only its hash and a sealed copy.
    const token = path!.slice("/agenda/".length, -".ics".length);
    const stored = await db().calendarFeed.findUniqueOrThrow({ where: { userId: rep.id }, select: { tokenHash: true, tokenEncrypted: true } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenEncrypted).not.toContain(token);

    const response = await anonymous(path!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const first = byUid(await response.text());
    expect([...first.keys()]).toEqual([appointmentId]);
    expect(first.get(appointmentId)!.uid).toBe(`${appointmentId}@${new URL(env().PUBLIC_URL).hostname}`);
    expect(parisClock(first.get(appointmentId)!.start)).toBe("14:00");
    expect(first.get(appointmentId)!.sequence).toBe(1);
    expect(await db().calendarFeed.findUniqueOrThrow({ where: { userId: rep.id }, select: { lastFetchedAt: true } })).not.toEqual({ lastFetchedAt: null });

    // Moved through the activity page to 16:30–17:30 two days later.
    await session.get(`/ventes/activites/${appointmentId}`);
    const newDay = isoDate(addDays(toZoned(new Date(), ZONE).date, 5));
    const moved = await session.postForm(`/ventes/activites/${appointmentId}`, {
      intent: "update",
      kind: "appointment",
      version: "1",
      subject: "Visite du garage",
      date: newDay,
      time: "16:30",
      endTime: "17:30",
      mode: "onsite",
      location: "Zone artisanale",
      companyId: company.id,
      companyName: "Garage Martin",
    });
    expect(moved.status).toBe(302);
    const after = byUid(await (await anonymous(path!)).text()).get(appointmentId)!;
    expect(isoDate(toZoned(after.start, ZONE).date)).toBe(newDay);
    expect(parisClock(after.start)).toBe("16:30");
    expect(parisClock(after.end!)).toBe("17:30");
    expect(after.sequence).toBeGreaterThan(1);
    expect(after.location).toBe("Zone artisanale");
    expect(after.lastmodified!.getTime()).toBeGreaterThanOrEqual(first.get(appointmentId)!.lastmodified!.getTime());
  });

  it("stops answering the old address at once when regenerated, and any address when removed", async () => {
    const session = await signedIn(rep);
    const old = (await feedPath(session))!;
    expect((await session.postForm("/ventes/agenda", { intent: "feed-regenerate" })).status).toBe(302);
    const renewed = (await feedPath(session))!;
    expect(renewed).not.toBe(old);
    expect((await anonymous(old)).status).toBe(404);
    expect((await anonymous(renewed)).status).toBe(200);
    expect((await session.postForm("/ventes/agenda", { intent: "feed-delete" })).status).toBe(302);
    expect(await feedPath(session)).toBeNull();
    expect((await anonymous(renewed)).status).toBe(404);
  });

  it("answers 404 for an unknown address, and is for people with an agenda only", async () => {
    expect((await anonymous(`/agenda/${"A".repeat(43)}.ics`)).status).toBe(404);
    expect((await anonymous("/agenda/quelquechose.txt")).status).toBe(404);
    const support = await signedIn(technician);
    await support.get("/support");
    expect((await support.postForm("/ventes/agenda", { intent: "feed-create" })).status).toBe(403);
    expect(await db().calendarFeed.count({ where: { userId: technician.id } })).toBe(0);
  });

  it("limits the requests of one address", async () => {
    const unknown = `/agenda/${"B".repeat(43)}.ics`;
    let last = 0;
    for (let request = 0; request <= CALENDAR_FEED_RATE_LIMIT.requests; request += 1) last = (await anonymous(unknown)).status;
    expect(last).toBe(429);
  });
});
