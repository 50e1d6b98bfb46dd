import { beforeAll, describe, expect, it } from "vitest";
import { parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { loadAgenda } from "~/domain/sales/activity-agenda.server";
import { aCustomer, anActivity, aSalesPerson, type SalesPerson } from "../support/sales-agenda-factories.ts";

const at = (iso: string) => new Date(iso);
const day = (iso: string) => parseIsoDate(iso)!;
const subjects = (items: Array<{ subject: string }>) => items.map((item) => item.subject);

/** The agenda's queries: what a day and a week hold (clock changes included), late to-dos, whose agenda. */
describe("sales agenda", () => {
  let rep: SalesPerson;
  let otherRep: SalesPerson;
  let manager: SalesPerson;

  beforeAll(async () => {
    rep = await aSalesPerson("sales", "Léa Commerciale");
    otherRep = await aSalesPerson("sales", "Marc Commercial");
    manager = await aSalesPerson("manager", "Nadia Directrice");
    const { company } = await aCustomer("Menuiserie Aubert");
    // Around the spring change (Sunday 29 March 2026, a 23-hour day in Paris).
    await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Samedi soir", startsAt: at("2026-03-28T22:30:00Z"), endsAt: at("2026-03-28T22:50:00Z") }); // Sat 23:30 CET
    await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Dimanche 00:30", startsAt: at("2026-03-28T23:30:00Z"), endsAt: at("2026-03-29T00:00:00Z") }); // Sun 00:30 CET
    await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Dimanche 23:30", startsAt: at("2026-03-29T21:30:00Z"), endsAt: at("2026-03-29T21:50:00Z"), companyId: company.id }); // Sun 23:30 CEST
    await anActivity({ ownerId: rep.id, kind: "appointment", subject: "Lundi 00:15", startsAt: at("2026-03-29T22:15:00Z"), endsAt: at("2026-03-29T23:00:00Z") }); // Mon 00:15 CEST
    await anActivity({ ownerId: rep.id, kind: "task", subject: "Tâche du dimanche", startsAt: at("2026-03-28T23:00:00Z") }); // Sunday, in the day
    await anActivity({ ownerId: otherRep.id, kind: "appointment", subject: "RDV de Marc", startsAt: at("2026-03-29T08:00:00Z"), endsAt: at("2026-03-29T09:00:00Z") });
    await anActivity({ ownerId: otherRep.id, kind: "appointment", subject: "RDV de Marc en même temps", startsAt: at("2026-03-29T08:30:00Z"), endsAt: at("2026-03-29T09:30:00Z") });
  });

  it("holds a 23-hour day from local midnight to local midnight", async () => {
    const agenda = await loadAgenda(rep, { view: "jour", date: day("2026-03-29"), owner: "me", now: at("2026-03-29T10:00:00Z") });
    expect(agenda?.days).toHaveLength(1);
    const sunday = agenda!.days[0];
    expect(sunday.iso).toBe("2026-03-29");
    expect(subjects(sunday.appointments)).toEqual(["Dimanche 00:30", "Dimanche 23:30"]);
    expect(sunday.appointments.map((item) => [item.startMinute, item.endMinute])).toEqual([
      [30, 60],
      [23 * 60 + 30, 23 * 60 + 50],
    ]);
    expect(sunday.todos.map((todo) => [todo.subject, todo.allDay])).toEqual([["Tâche du dimanche", true]]);
  });

  it("holds a week from Monday to Sunday, each item on its local day", async () => {
    const agenda = await loadAgenda(rep, { view: "semaine", date: day("2026-03-25"), owner: "me", now: at("2026-03-25T10:00:00Z") });
    expect(agenda!.days.map((item) => item.iso)).toEqual(["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29"]);
    const byDay = Object.fromEntries(agenda!.days.map((item) => [item.iso, subjects(item.appointments)]));
    expect(byDay["2026-03-28"]).toEqual(["Samedi soir"]);
    expect(byDay["2026-03-29"]).toEqual(["Dimanche 00:30", "Dimanche 23:30"]);
    const next = await loadAgenda(rep, { view: "semaine", date: day("2026-03-30"), owner: "me", now: at("2026-03-25T10:00:00Z") });
    expect(subjects(next!.days[0].appointments)).toEqual(["Lundi 00:15"]);
  });

  it("shows a rep their own agenda whatever they ask for", async () => {
    for (const owner of ["all", otherRep.id, "me"]) {
      const agenda = await loadAgenda(rep, { view: "jour", date: day("2026-03-29"), owner, now: at("2026-03-29T10:00:00Z") });
      expect(agenda!.owner).toBe("me");
      expect(agenda!.owners).toBeNull();
      expect(subjects(agenda!.days[0].appointments)).not.toContain("RDV de Marc");
    }
  });

  it("shows a manager a rep's agenda or the whole team's, overlapping slots side by side", async () => {
    const marc = await loadAgenda(manager, { view: "jour", date: day("2026-03-29"), owner: otherRep.id, now: at("2026-03-29T10:00:00Z") });
    expect(marc!.owner).toBe(otherRep.id);
    expect(marc!.owners?.map((owner) => owner.name)).toEqual(expect.arrayContaining(["Léa Commerciale", "Marc Commercial", "Nadia Directrice"]));
    expect(marc!.days[0].appointments.map((item) => [item.subject, item.lane, item.lanes])).toEqual([
      ["RDV de Marc", 0, 2],
      ["RDV de Marc en même temps", 1, 2],
    ]);
    const team = await loadAgenda(manager, { view: "jour", date: day("2026-03-29"), owner: "all", now: at("2026-03-29T10:00:00Z") });
    expect(subjects(team!.days[0].appointments)).toEqual(["Dimanche 00:30", "RDV de Marc", "RDV de Marc en même temps", "Dimanche 23:30"]);
    const own = await loadAgenda(manager, { view: "jour", date: day("2026-03-29"), owner: "me", now: at("2026-03-29T10:00:00Z") });
    expect(own!.days[0].appointments).toEqual([]);
  });

  it("lists late to-dos oldest first with how late they are; today's to-do without a time is not late", async () => {
    const person = await aSalesPerson("sales");
    const now = at("2026-12-09T14:00:00Z"); // Wednesday 9 December, 15:00 in Paris
    await anActivity({ ownerId: person.id, kind: "task", subject: "Timed, this morning", startsAt: at("2026-12-09T08:00:00Z") });
    await anActivity({ ownerId: person.id, kind: "task", subject: "In the day, yesterday", startsAt: at("2026-12-07T23:00:00Z") });
    await anActivity({ ownerId: person.id, kind: "call", subject: "Call to make, last week", startsAt: at("2026-12-02T09:00:00Z") });
    await anActivity({ ownerId: person.id, kind: "task", subject: "In the day, today", startsAt: at("2026-12-08T23:00:00Z") });
    await anActivity({ ownerId: person.id, kind: "task", subject: "Later today", startsAt: at("2026-12-09T16:00:00Z") });
    await anActivity({ ownerId: person.id, kind: "task", subject: "Done late", startsAt: at("2026-12-01T09:00:00Z"), doneAt: at("2026-12-03T09:00:00Z") });
    await anActivity({ ownerId: person.id, kind: "appointment", subject: "Past appointment", startsAt: at("2026-12-08T09:00:00Z") });
    const agenda = await loadAgenda(person, { view: "semaine", date: day("2026-12-09"), owner: "me", now });
    expect(agenda!.overdueCount).toBe(3);
    expect(agenda!.overdue.map((todo) => [todo.subject, todo.minutesLate])).toEqual([
      ["Call to make, last week", 7 * 24 * 60 + 5 * 60],
      ["In the day, yesterday", 15 * 60],
      ["Timed, this morning", 6 * 60],
    ]);
    const wednesday = agenda!.days.find((item) => item.iso === "2026-12-09")!;
    expect(wednesday.todos.map((todo) => [todo.subject, todo.overdue])).toEqual([
      ["In the day, today", false],
      ["Timed, this morning", true],
      ["Later today", false],
    ]);
  });
});
