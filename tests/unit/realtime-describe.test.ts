import { describe, expect, it } from "vitest";
import { describeMessage, describeTicketChange, notificationText } from "~/lib/realtime/describe";
import { formatters, translator } from "~/lib/i18n/translate";
import type { LiveNotification, LiveTicket, TicketChangedEvent } from "~/lib/realtime/protocol";

const t = translator("fr");
const en = translator("en");
const format = formatters("fr");

const ticket: LiveTicket = {
  id: "t1",
  number: 1042,
  subject: "Imprimante bloquée",
  status: "solved",
  priority: "high",
  type: "incident",
  channel: "email",
  companyId: null,
  groupId: "g1",
  groupName: "Terrain",
  assigneeId: "u2",
  assigneeName: "Sophie Lefèvre",
  version: 4,
  createdAt: "2026-11-20T09:00:00.000Z",
  updatedAt: "2026-11-26T09:00:00.000Z",
  lastCustomerMessageAt: null,
  lastAgentReplyAt: null,
  mergedIntoNumber: null,
};
const julien = { id: "u1", name: "Julien Moreau" };

function change(changes: string[], overrides: Partial<TicketChangedEvent> = {}): TicketChangedEvent {
  return { seq: 1, reason: "updated", ticket, changes, actor: julien, at: "2026-11-26T09:00:00.000Z", ...overrides };
}

describe("what colleagues did, in words", () => {
  it.each([
    [["status"], "Julien Moreau a passé le ticket en Résolu"],
    [["assigneeId"], "Julien Moreau a assigné le ticket à Sophie Lefèvre"],
    [["priority"], "Julien Moreau a changé la priorité : Haute"],
    [["type"], "Julien Moreau a changé le type : Incident technique"],
    [["groupId"], "Julien Moreau a transféré le ticket vers Terrain"],
    [["tags"], "Julien Moreau a modifié les étiquettes"],
  ])("%j → %s", (changes, sentence) => {
    expect(describeTicketChange(change(changes), t)).toEqual([sentence]);
  });

  it("says who took the ticket, who removed the assignee, and what happened on its own", () => {
    expect(describeTicketChange(change(["assigneeId"], { ticket: { ...ticket, assigneeId: "u1", assigneeName: "Julien Moreau" } }), t)).toEqual([
      "Julien Moreau a pris le ticket",
    ]);
    expect(describeTicketChange(change(["assigneeId"], { ticket: { ...ticket, assigneeId: null, assigneeName: null } }), t)).toEqual([
      "Julien Moreau a retiré l'assignation",
    ]);
    expect(describeTicketChange(change(["status"], { actor: null, ticket: { ...ticket, status: "open" } }), t)).toEqual(["Le ticket est passé en Ouvert"]);
  });

  it("describes several changes, SLA alerts and interventions; creation and messages need no line", () => {
    expect(describeTicketChange(change(["status", "assigneeId", "sla"]), en)).toEqual([
      "Julien Moreau set the ticket to Solved",
      "Julien Moreau assigned the ticket to Sophie Lefèvre",
    ]);
    expect(describeTicketChange(change(["sla"], { reason: "sla", actor: null, sla: { state: "breached", target: "resolution" } }), t)).toEqual([
      "L'échéance SLA de ce ticket est dépassée (résolution)",
    ]);
    expect(describeTicketChange(change(["interventions"], { reason: "intervention", intervention: { change: "planned", technicianId: "u2" } }), t)).toEqual([
      "Julien Moreau a planifié une intervention",
    ]);
    expect(describeTicketChange(change(["status", "merged"], { ticket: { ...ticket, status: "closed", mergedIntoNumber: 1050 } }), t)).toEqual([
      "Julien Moreau a fusionné ce ticket dans le ticket #1050",
    ]);
    expect(describeTicketChange(change(["merged"]), t)).toEqual(["Julien Moreau a fusionné un autre ticket dans celui-ci"]);
    expect(describeTicketChange(change(["created"], { reason: "created" }), t)).toEqual([]);
    expect(describeTicketChange(change(["message"], { reason: "message" }), t)).toEqual([]);
  });

  it("names the author of a new message", () => {
    expect(describeMessage({ author: { kind: "agent", id: "u1", name: "Julien Moreau" }, visibility: "public" }, t)).toBe("Julien Moreau a répondu au client");
    expect(describeMessage({ author: { kind: "agent", id: "u1", name: "Julien Moreau" }, visibility: "internal" }, t)).toBe("Julien Moreau a ajouté une note interne");
    expect(describeMessage({ author: { kind: "customer", id: null, name: "Marie Dupont" }, visibility: "public" }, t)).toBe("Marie Dupont a répondu");
    expect(describeMessage({ author: { kind: "customer", id: null, name: "" }, visibility: "public" }, t)).toBe("Le client a répondu");
  });
});

describe("notification sentences", () => {
  const base: LiveNotification = {
    id: "n1",
    kind: "assigned",
    ticketId: "t1",
    ticketNumber: 1042,
    subject: "Imprimante bloquée",
    actorName: "Claire Martin",
    target: null,
    count: 1,
    change: null,
    startsAt: null,
    createdAt: "2026-11-26T09:00:00.000Z",
    readAt: null,
  };

  it.each([
    [{}, "Claire Martin vous a assigné le ticket #1042"],
    [{ actorName: null }, "Le ticket #1042 vous a été assigné"],
    [{ kind: "customer_replied", actorName: "Marie Dupont" }, "Marie Dupont a répondu sur le ticket #1042"],
    [{ kind: "customer_replied", count: 3 }, "3 nouveaux messages du client sur le ticket #1042"],
    [{ kind: "sla_warning", target: "first_response" }, "Le ticket #1042 approche de son échéance SLA (première réponse)"],
    [{ kind: "sla_breached", target: "resolution" }, "Le ticket #1042 a dépassé son échéance SLA (résolution)"],
    [{ kind: "intervention", change: "planned", startsAt: "2026-12-01T08:30:00.000Z" }, "Claire Martin vous a planifié une intervention le 01/12/2026 09:30 (ticket #1042)"],
    [{ kind: "activity_reminder", ticketNumber: null, activityId: "a1", activityKind: "appointment", startsAt: "2026-12-01T13:00:00.000Z" }, "Rappel : rendez-vous le 01/12/2026 14:00"],
    [{ kind: "activity_reminder", ticketNumber: null, activityId: "a1", activityKind: "task", allDay: true, startsAt: "2026-11-30T23:00:00.000Z" }, "Rappel : tâche à faire (1 déc. 2026)"],
  ] as Array<[Partial<LiveNotification>, string]>)("%j → %s", (overrides, sentence) => {
    expect(notificationText({ ...base, ...overrides }, t, format)).toBe(sentence);
  });
});
