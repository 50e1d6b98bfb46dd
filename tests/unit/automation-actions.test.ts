import { describe, expect, it } from "vitest";
import { planActions, type PlanLookups, type RequesterFacts } from "~/domain/automations/actions";
import type { TicketSnapshot } from "~/domain/automations/conditions";
import type { Action } from "~/domain/automations/rule-schemas";
import { candidateBounds, periodKey } from "~/domain/automations/time-rules";

/** What a rule's actions would do to a ticket: the planned steps the dry run shows and the runs carry out. */

const ticket: TicketSnapshot = {
  kind: "ticket",
  id: "t1",
  number: 42,
  subject: "Imprimante en panne",
  status: "new",
  priority: "normal",
  type: "incident",
  channel: "email",
  groupId: null,
  assigneeId: null,
  tags: ["imprimante"],
  requesterId: "c1",
  company: { id: "co1", name: "Boulangerie Lévêque", sector: "commerce", size: "10-49", lifecycleStage: "client", underContract: true },
  latestCustomerText: "",
  createdAt: new Date("2026-01-05T08:00:00Z"),
  statusChangedAt: new Date("2026-01-06T08:00:00Z"),
  lastCustomerMessageAt: new Date("2026-01-05T08:00:00Z"),
  mergedIntoId: null,
  version: 1,
};

const lookups: PlanLookups = {
  groups: new Map([
    ["g-n1", "Support N1"],
    ["g-n2", "Support N2"],
  ]),
  staff: new Map([
    ["u-julien", { id: "u-julien", name: "Julien Moreau", assignable: true, groupIds: ["g-n2"] }],
    ["u-sophie", { id: "u-sophie", name: "Sophie Lefèvre", assignable: true, groupIds: ["g-n2"] }],
    ["u-thomas", { id: "u-thomas", name: "Thomas Bernard", assignable: false, groupIds: [] }],
  ]),
  cannedReplies: new Map([
    ["r-reminder", { title: "Relance", body: "Bonjour {{client.prenom}}, avez-vous pu essayer ? {{agent.nom}}" }],
    ["r-company", { title: "Société", body: "Bonjour {{client.prenom}} de {{societe.nom}}" }],
  ]),
  webhookEndpoints: new Map([
    ["w-erp", { name: "ERP", active: true }],
    ["w-shop", { name: "Boutique", active: false }],
  ]),
  senderName: "Support Comptoir",
  // Thomas (sales) may read tickets, not deals of others; the others read everything.
  mayReadTicket: (userId) => userId !== "u-nobody",
  mayReadDeal: (userId, ownerId) => userId !== "u-thomas" || ownerId === "u-thomas",
};

const requester: RequesterFacts = { firstName: "Lucie", lastName: "Martin", reachable: true, mailedToday: false };

describe("planning a rule's actions", () => {
  it.each<[string, Action[], Array<Record<string, unknown>>, Record<string, unknown>]>([
    [
      "sets the group and the priority",
      [
        { type: "set_group", groupId: "g-n2" },
        { type: "set_priority", priority: "high" },
      ],
      [
        { type: "set_field", field: "group", from: null, to: "g-n2", outcome: "apply" },
        { type: "set_field", field: "priority", from: "normal", to: "high", outcome: "apply" },
      ],
      { groupId: "g-n2", priority: "high" },
    ],
    ["a value it already has is unchanged", [{ type: "set_type", ticketType: "incident" }], [{ type: "set_field", field: "type", from: "incident", to: "incident", outcome: "unchanged" }], {}],
    ["a deleted group is skipped", [{ type: "set_group", groupId: "g-gone" }], [{ type: "set_field", field: "group", outcome: "skipped", reason: "gone" }], {}],
    ["a person who does not work tickets is not assigned", [{ type: "set_assignee", userId: "u-thomas" }], [{ type: "set_field", field: "assignee", outcome: "skipped", reason: "not_assignable" }], {}],
    [
      "assigning a new ticket opens it",
      [{ type: "set_assignee", userId: "u-julien" }],
      [{ type: "set_field", field: "assignee", from: null, to: "u-julien", outcome: "apply" }],
      { assigneeId: "u-julien", status: "open" },
    ],
    [
      "later steps see earlier ones: the last status wins",
      [
        { type: "set_status", status: "open" },
        { type: "set_status", status: "on_hold" },
      ],
      [
        { type: "set_field", field: "status", from: "new", to: "open", outcome: "apply" },
        { type: "set_field", field: "status", from: "open", to: "on_hold", outcome: "apply" },
      ],
      { status: "on_hold" },
    ],
    [
      "adds and removes tags",
      [
        { type: "add_tags", tags: ["urgent-client", "imprimante"] },
        { type: "remove_tags", tags: ["imprimante", "garantie"] },
      ],
      [
        { type: "add_tags", changed: ["urgent-client"], outcome: "apply" },
        { type: "remove_tags", changed: ["imprimante"], outcome: "apply" },
      ],
      { tags: ["urgent-client"] },
    ],
    ["tags it already has change nothing", [{ type: "add_tags", tags: ["imprimante"] }], [{ type: "add_tags", changed: [], outcome: "unchanged" }], {}],
    ["calls an active webhook, by its name", [{ type: "call_webhook", endpointId: "w-erp" }], [{ type: "call_webhook", endpointId: "w-erp", name: "ERP", outcome: "apply" }], {}],
    ["a switched-off webhook is not called", [{ type: "call_webhook", endpointId: "w-shop" }], [{ type: "call_webhook", name: "Boutique", outcome: "skipped", reason: "webhook_inactive" }], {}],
    ["a deleted webhook is not called", [{ type: "call_webhook", endpointId: "w-gone" }], [{ type: "call_webhook", name: "", outcome: "skipped", reason: "gone" }], {}],
    [
      "a deleted webhook leaves the other actions to apply",
      [
        { type: "call_webhook", endpointId: "w-gone" },
        { type: "set_priority", priority: "high" },
      ],
      [
        { type: "call_webhook", outcome: "skipped", reason: "gone" },
        { type: "set_field", field: "priority", outcome: "apply" },
      ],
      { priority: "high" },
    ],
  ])("%s", (_label, actions, steps, changes) => {
    const plan = planActions(actions, ticket, lookups, requester);
    expect(plan.steps).toMatchObject(steps);
    expect(plan.fieldChanges).toEqual(changes);
    expect(plan.acts).toBe(steps.some((step) => step.outcome === "apply"));
  });

  it("fills a canned reply, signed by the assignee set before it or by the workspace", () => {
    const signed = planActions([{ type: "set_assignee", userId: "u-sophie" }, { type: "send_reply", cannedReplyId: "r-reminder" }], ticket, lookups, requester);
    expect(signed.steps[1]).toMatchObject({ type: "send_reply", outcome: "apply", title: "Relance", text: "Bonjour Lucie, avez-vous pu essayer ? Sophie Lefèvre" });
    const unsigned = planActions([{ type: "send_reply", cannedReplyId: "r-reminder" }], ticket, lookups, requester);
    expect(unsigned.steps[0]).toMatchObject({ text: "Bonjour Lucie, avez-vous pu essayer ? Support Comptoir" });
  });

  it.each<[string, TicketSnapshot, RequesterFacts | null, Record<string, unknown>]>([
    ["a placeholder without a value (no company) is refused, like in the composer", { ...ticket, company: null }, requester, { outcome: "skipped", reason: "placeholder", leftovers: ["{{societe.nom}}"] }],
    ["a requester without first name leaves {{client.prenom}}", ticket, { ...requester, firstName: "" }, { outcome: "skipped", reason: "placeholder", leftovers: ["{{client.prenom}}"] }],
    ["no usable address", ticket, { ...requester, reachable: false }, { outcome: "skipped", reason: "no_address" }],
    ["already mailed by this rule today", ticket, { ...requester, mailedToday: true }, { outcome: "skipped", reason: "daily_limit" }],
  ])("%s", (_label, snapshot, facts, expected) => {
    const plan = planActions([{ type: "send_reply", cannedReplyId: "r-company" }], snapshot, lookups, facts);
    expect(plan.steps[0]).toMatchObject(expected);
    expect(plan.acts).toBe(false);
  });

  it("sends one automatic mail per rule run: a second reply in the same rule waits for another day", () => {
    const plan = planActions([{ type: "send_reply", cannedReplyId: "r-reminder" }, { type: "send_reply", cannedReplyId: "r-company" }], ticket, lookups, requester);
    expect(plan.steps.map((step) => step.outcome)).toEqual(["apply", "skipped"]);
    expect(plan.steps[1]).toMatchObject({ reason: "daily_limit" });
  });

  it("notifies the group set by an earlier step, among people allowed to read the ticket", () => {
    const plan = planActions([{ type: "set_group", groupId: "g-n2" }, { type: "notify", recipient: "group", userId: null }], ticket, lookups, requester);
    expect(plan.steps[1]).toEqual({ type: "notify", recipient: "group", userIds: ["u-julien", "u-sophie"], outcome: "apply" });
    const nobody = planActions([{ type: "notify", recipient: "assignee", userId: null }], ticket, lookups, requester);
    expect(nobody.steps[0]).toMatchObject({ outcome: "skipped", reason: "no_recipient" });
  });

  it("on a deal, notifies the owner and only people who may read the deal, calls a webhook; ticket actions do nothing", () => {
    const deal = { kind: "deal" as const, id: "d1", title: "Parc", stageId: "s", stageKind: "won", ownerId: "u-julien", amountCents: 0, source: "other", company: null };
    const plan = planActions(
      [
        { type: "notify", recipient: "deal_owner", userId: null },
        { type: "notify", recipient: "user", userId: "u-thomas" },
        { type: "set_priority", priority: "urgent" },
        { type: "call_webhook", endpointId: "w-erp" },
      ],
      deal,
      lookups,
      null,
    );
    expect(plan.steps).toEqual([
      { type: "notify", recipient: "deal_owner", userIds: ["u-julien"], outcome: "apply" },
      { type: "notify", recipient: "user", userIds: [], outcome: "skipped", reason: "no_recipient" },
      { type: "call_webhook", endpointId: "w-erp", name: "ERP", outcome: "apply" },
    ]);
    expect(plan.fieldChanges).toEqual({});
  });
});

describe("time rules", () => {
  const pendingFor7Days = {
    all: [
      { field: "status" as const, operator: "is" as const, values: ["pending_customer"], text: "", amount: null, unit: null },
      { field: "since_status_change" as const, operator: "greater" as const, values: [], text: "", amount: 7, unit: "days" as const },
    ],
    any: [],
  };

  it("keys a period on the moment its wait counts from: a new status change starts a new period", () => {
    const first = periodKey(pendingFor7Days, ticket);
    expect(first).toBe("time:t1:since_status_change=2026-01-06T08:00:00.000Z");
    expect(periodKey(pendingFor7Days, { ...ticket, priority: "urgent" })).toBe(first);
    expect(periodKey(pendingFor7Days, { ...ticket, statusChangedAt: new Date("2026-02-01T08:00:00Z") })).not.toBe(first);
  });

  it("asks the database only for tickets that can match", () => {
    const now = new Date("2026-01-20T12:00:00Z");
    expect(candidateBounds(pendingFor7Days, now)).toEqual({
      createdBefore: null,
      statusUnchangedSince: new Date("2026-01-13T12:00:00Z"),
      customerMessageBefore: null,
      statuses: ["pending_customer"],
    });
    const businessHours = { all: [{ field: "since_created" as const, operator: "greater" as const, values: [], text: "", amount: 2, unit: "business_hours" as const }], any: [] };
    // Two business hours take at least two hours of clock time.
    expect(candidateBounds(businessHours, now).createdBefore).toEqual(new Date("2026-01-20T10:00:00Z"));
  });
});
