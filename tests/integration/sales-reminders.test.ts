import { beforeAll, describe, expect, it } from "vitest";
import { notificationHref } from "~/domain/notifications/notification-kinds";
import { listNotifications, markActivityNotificationsRead } from "~/domain/notifications/notifications.server";
import { deleteActivity, updateActivity } from "~/domain/sales/activity-commands.server";
import { sendActivityReminders } from "~/domain/sales/activity-reminders.server";
import { db } from "~/lib/db.server";
import { formatters, translator } from "~/lib/i18n/translate";
import { notificationText } from "~/lib/realtime/describe";
import { startActivityReminders } from "../../server/workers/activity-reminders.ts";
import { aCustomer, activityForm, anActivity, aSalesPerson, type SalesPerson } from "../support/sales-agenda-factories.ts";

const at = (iso: string) => new Date(iso);
const minutes = (count: number) => count * 60_000;

/**
 * Reminders with a real database and the clock passed in: appointments 15 minutes before, to-dos
 * when due, each once, whoever runs the scan and however often.
 */
describe("activity reminders", () => {
  let rep: SalesPerson;
  let colleague: SalesPerson;

  beforeAll(async () => {
    rep = await aSalesPerson("sales", "Léa Commerciale");
    colleague = await aSalesPerson("sales", "Marc Commercial");
  });

  const reminded = (activityId: string) => db().notification.findMany({ where: { activityId }, select: { userId: true, kind: true, data: true } });

  it("reminds of an appointment 15 minutes before it starts, once", async () => {
    const start = at("2027-01-12T13:00:00Z");
    const appointment = await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Démonstration", startsAt: start });
    expect(await sendActivityReminders({ now: new Date(start.getTime() - minutes(16)) })).toEqual([]);
    const first = await sendActivityReminders({ now: new Date(start.getTime() - minutes(15)) });
    expect(first).toHaveLength(1);
    expect(await sendActivityReminders({ now: new Date(start.getTime() - minutes(10)) })).toEqual([]);
    expect(await sendActivityReminders({ now: new Date(start.getTime() + minutes(5)) })).toEqual([]);
    const rows = await reminded(appointment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: rep.id, kind: "activity_reminder" });
    expect(JSON.parse(rows[0].data)).toEqual({ subject: "Démonstration", activityKind: "appointment", startsAt: start.toISOString(), allDay: false });
    expect((await db().activity.findUniqueOrThrow({ where: { id: appointment.id } })).remindedAt?.toISOString()).toBe(new Date(start.getTime() - minutes(15)).toISOString());
  });

  it("honours another lead time", async () => {
    const start = at("2027-01-13T13:00:00Z");
    await anActivity({ ownerId: rep.id, kind: "appointment", startsAt: start });
    expect(await sendActivityReminders({ now: new Date(start.getTime() - minutes(31)), leadMinutes: 30 })).toEqual([]);
    expect(await sendActivityReminders({ now: new Date(start.getTime() - minutes(30)), leadMinutes: 30 })).toHaveLength(1);
  });

  it("reminds of a task when due, of one due in the day at 09:00, and never of what is done or stale", async () => {
    const timed = await anActivity({ ownerId: rep.id, kind: "task", subject: "Rappeler à 14 h", startsAt: at("2027-01-14T13:00:00Z") });
    const inTheDay = await anActivity({ ownerId: rep.id, kind: "task", subject: "Dans la journée", startsAt: at("2027-01-13T23:00:00Z") }); // 14 January, no time
    const done = await anActivity({ ownerId: rep.id, kind: "call", startsAt: at("2027-01-14T09:00:00Z"), doneAt: at("2027-01-14T09:10:00Z") });
    const stale = await anActivity({ ownerId: rep.id, kind: "task", startsAt: at("2027-01-13T19:00:00Z") });

    expect(await sendActivityReminders({ now: at("2027-01-14T07:59:00Z") })).toEqual([]); // 08:59 in Paris
    await sendActivityReminders({ now: at("2027-01-14T08:00:00Z") }); // 09:00 in Paris
    expect(await reminded(inTheDay.id)).toHaveLength(1);
    expect(JSON.parse((await reminded(inTheDay.id))[0].data)).toMatchObject({ allDay: true, activityKind: "task" });
    expect(await reminded(timed.id)).toHaveLength(0);
    await sendActivityReminders({ now: at("2027-01-14T13:00:00Z") });
    expect(await reminded(timed.id)).toHaveLength(1);
    expect(await reminded(done.id)).toHaveLength(0);
    // Due 13 hours before the first scan: past the 12-hour grace, the overdue list takes over.
    expect(await reminded(stale.id)).toHaveLength(0);
  });

  it("writes one reminder per activity when scans overlap", async () => {
    const start = at("2027-01-20T09:00:00Z");
    const activities = await Promise.all(Array.from({ length: 6 }, (_, index) => anActivity({ ownerId: index % 2 ? rep.id : colleague.id, kind: "appointment", startsAt: new Date(start.getTime() + minutes(index)) })));
    const now = new Date(start.getTime() + minutes(1));
    const runs = await Promise.all([sendActivityReminders({ now }), sendActivityReminders({ now }), sendActivityReminders({ now })]);
    const written = runs.flat();
    expect(new Set(written).size).toBe(written.length);
    const rows = await db().notification.findMany({ where: { activityId: { in: activities.map((activity) => activity.id) } }, select: { activityId: true } });
    // Those starting within the next 15 minutes: all six, each once.
    expect(rows.map((row) => row.activityId).sort()).toEqual(activities.map((activity) => activity.id).sort());
    expect(written).toHaveLength(6);
  });

  it("runs from the worker with the clock it is given, and stops cleanly", async () => {
    const task = await anActivity({ ownerId: colleague.id, kind: "call", subject: "Rappeler", startsAt: at("2027-01-25T10:00:00Z") });
    const worker = startActivityReminders({ firstRunDelayMs: 3_600_000, intervalMs: 3_600_000 });
    try {
      expect(await worker.runOnce(at("2027-01-25T09:59:00Z"))).toBe(0);
      expect(await worker.runOnce(at("2027-01-25T10:00:00Z"))).toBe(1);
      expect(await reminded(task.id)).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it("reminds again of an appointment that moved", async () => {
    const { company } = await aCustomer();
    const appointment = await anActivity({ ownerId: rep.id, kind: "appointment", startsAt: at("2027-02-01T09:00:00Z"), companyId: company.id });
    await sendActivityReminders({ now: at("2027-02-01T08:45:00Z") });
    await updateActivity({
      viewer: rep,
      activityId: appointment.id,
      form: activityForm({ kind: "appointment", subject: "Déplacé", date: "2027-02-02", time: "10:00", endTime: "11:00", mode: "onsite", companyId: company.id }),
      version: 1,
    });
    expect(await sendActivityReminders({ now: at("2027-02-01T08:50:00Z") })).toEqual([]);
    await sendActivityReminders({ now: at("2027-02-02T08:45:00Z") });
    expect(await reminded(appointment.id)).toHaveLength(2);
  });

  it("shows in the owner's bell with its sentence and link, and goes with the activity", async () => {
    const task = await anActivity({ ownerId: rep.id, kind: "task", subject: "Envoyer le devis", startsAt: at("2027-03-01T10:00:00Z") });
    await sendActivityReminders({ now: at("2027-03-01T10:00:00Z") });
    const list = await listNotifications(rep);
    const notification = list.notifications.find((item) => item.activityId === task.id);
    expect(notification).toMatchObject({ kind: "activity_reminder", subject: "Envoyer le devis", activityKind: "task", ticketNumber: null });
    expect(notificationHref(notification!)).toBe(`/ventes/activites/${task.id}`);
    expect(notificationText(notification!, translator("fr"), formatters("fr"))).toBe("Rappel : tâche à faire (01/03/2027 11:00)");
    expect(notificationText(notification!, translator("en"), formatters("en"))).toBe("Reminder: task to do (01/03/2027, 11:00)");
    expect(list.unread).toBeGreaterThan(0);

    // Handed to a colleague: the reminder no longer shows to the former owner.
    await db().activity.update({ where: { id: task.id }, data: { ownerId: colleague.id } });
    expect((await listNotifications(rep)).notifications.some((item) => item.activityId === task.id)).toBe(false);
    await db().activity.update({ where: { id: task.id }, data: { ownerId: rep.id } });

    expect(await markActivityNotificationsRead(rep.id, task.id)).toBe(1);
    await deleteActivity({ viewer: rep, activityId: task.id, version: 1 });
    expect(await db().notification.count({ where: { activityId: task.id } })).toBe(0);
  });
});
