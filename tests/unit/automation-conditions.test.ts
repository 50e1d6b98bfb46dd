import { describe, expect, it } from "vitest";
import { checkCondition, comparableText, evaluateConditions, type DealSnapshot, type TicketSnapshot } from "~/domain/automations/conditions";
import type { Condition } from "~/domain/automations/rule-schemas";
import { defaultBusinessCalendar, fromZoned } from "~/domain/helpdesk/sla/business-calendar";

/** Conditions over a ticket or deal as it is now, with what each saw (the dry run's explanations). */

const calendar = defaultBusinessCalendar();
// Tuesday 13 January 2026, 10:00 in Paris: business hours.
const tuesdayMorning = fromZoned({ year: 2026, month: 1, day: 13 }, 10 * 60, "Europe/Paris");
const context = { now: tuesdayMorning, calendar };
const HOUR = 3_600_000;

const ticket: TicketSnapshot = {
  kind: "ticket",
  id: "t1",
  number: 42,
  subject: "Écran NOIR sur la caisse enregistreuse",
  status: "pending_customer",
  priority: "high",
  type: "incident",
  channel: "email",
  groupId: "g-n1",
  assigneeId: null,
  tags: ["imprimante", "urgent-client"],
  requesterId: "c1",
  company: { id: "co1", name: "Boulangerie Lévêque", sector: "commerce", size: "10-49", lifecycleStage: "client", underContract: true },
  latestCustomerText: "Bonjour, la caisse affiche toujours un écran noir. Merci !",
  createdAt: new Date(tuesdayMorning.getTime() - 8 * 24 * HOUR),
  statusChangedAt: new Date(tuesdayMorning.getTime() - 7 * 24 * HOUR - HOUR),
  lastCustomerMessageAt: new Date(tuesdayMorning.getTime() - 3 * HOUR),
  mergedIntoId: null,
  version: 3,
};

const deal: DealSnapshot = {
  kind: "deal",
  id: "d1",
  title: "Parc d'imprimantes",
  stageId: "stage-won",
  stageKind: "won",
  ownerId: "u-sales",
  amountCents: 1_250_000,
  source: "trade_show",
  company: { id: "co2", name: "Garage Martin", sector: "services", size: null, lifecycleStage: "prospect", underContract: false },
};

function condition(partial: Partial<Condition> & Pick<Condition, "field" | "operator">): Condition {
  return { values: [], text: "", amount: null, unit: null, ...partial };
}

describe("conditions on a ticket", () => {
  it.each<[string, Condition, boolean]>([
    ["status is pending customer", condition({ field: "status", operator: "is", values: ["pending_customer"] }), true],
    ["status is one of new, open", condition({ field: "status", operator: "is", values: ["new", "open"] }), false],
    ["status is not solved", condition({ field: "status", operator: "is_not", values: ["solved"] }), true],
    ["priority is urgent", condition({ field: "priority", operator: "is", values: ["urgent"] }), false],
    ["priority higher than normal", condition({ field: "priority", operator: "greater", values: ["normal"] }), true],
    ["priority higher than high", condition({ field: "priority", operator: "greater", values: ["high"] }), false],
    ["priority lower than urgent", condition({ field: "priority", operator: "less", values: ["urgent"] }), true],
    ["type is incident", condition({ field: "type", operator: "is", values: ["incident"] }), true],
    ["channel is not phone", condition({ field: "channel", operator: "is_not", values: ["phone"] }), true],
    ["group is N1", condition({ field: "group", operator: "is", values: ["g-n1"] }), true],
    ["group is none", condition({ field: "group", operator: "is", values: ["none"] }), false],
    ["assignee is nobody", condition({ field: "assignee", operator: "is", values: ["none"] }), true],
    ["assignee is not nobody", condition({ field: "assignee", operator: "is_not", values: ["none"] }), false],
    ["tags contain one of garantie, imprimante", condition({ field: "tags", operator: "contains", values: ["garantie", "imprimante"] }), true],
    ["tags contain none of garantie", condition({ field: "tags", operator: "not_contains", values: ["garantie"] }), true],
    ["tags contain none of urgent-client", condition({ field: "tags", operator: "not_contains", values: ["urgent-client"] }), false],
    ["subject contains 'ecran noir' (accents, case)", condition({ field: "subject", operator: "contains", text: "ecran noir" }), true],
    ["subject contains 'CAISSE  Enregistreuse' (spaces)", condition({ field: "subject", operator: "contains", text: "CAISSE  Enregistreuse" }), true],
    ["subject does not contain 'facture'", condition({ field: "subject", operator: "not_contains", text: "facture" }), true],
    ["customer text contains 'écran noir'", condition({ field: "customer_text", operator: "contains", text: "écran noir" }), true],
    ["customer text contains 'remboursement'", condition({ field: "customer_text", operator: "contains", text: "remboursement" }), false],
    ["company is 'boulangerie leveque'", condition({ field: "company", operator: "is", text: "boulangerie leveque" }), true],
    ["company contains 'garage'", condition({ field: "company", operator: "contains", text: "garage" }), false],
    ["company sector is commerce", condition({ field: "company_sector", operator: "is", values: ["commerce"] }), true],
    ["company size is 250+", condition({ field: "company_size", operator: "is", values: ["250+"] }), false],
    ["company lifecycle is client", condition({ field: "company_lifecycle", operator: "is", values: ["client"] }), true],
    ["company under contract", condition({ field: "company_contract", operator: "is", values: ["yes"] }), true],
    ["inside business hours", condition({ field: "business_hours", operator: "is", values: ["inside"] }), true],
    ["outside business hours", condition({ field: "business_hours", operator: "is", values: ["outside"] }), false],
    ["status unchanged for at least 7 days", condition({ field: "since_status_change", operator: "greater", amount: 7, unit: "days" }), true],
    ["status unchanged for at least 8 days", condition({ field: "since_status_change", operator: "greater", amount: 8, unit: "days" }), false],
    ["created less than 200 hours ago", condition({ field: "since_created", operator: "less", amount: 200, unit: "hours" }), true],
    ["customer wrote at least 2 business hours ago", condition({ field: "since_customer_message", operator: "greater", amount: 2, unit: "business_hours" }), false],
    ["deal stage on a ticket never holds", condition({ field: "deal_stage", operator: "is", values: ["stage-won"] }), false],
  ])("%s → %s", (_label, tested, expected) => {
    expect(checkCondition(tested, ticket, context).matched).toBe(expected);
  });

  it("keeps what it saw: the ticket's value, text, elapsed time", () => {
    expect(checkCondition(condition({ field: "priority", operator: "is", values: ["urgent"] }), ticket, context).observed).toEqual({ kind: "values", values: ["high"] });
    expect(checkCondition(condition({ field: "subject", operator: "contains", text: "facture" }), ticket, context).observed).toEqual({ kind: "text", text: ticket.subject });
    const elapsed = checkCondition(condition({ field: "since_status_change", operator: "greater", amount: 7, unit: "days" }), ticket, context).observed;
    expect(elapsed.kind === "elapsed" && elapsed.amount).toBeCloseTo(7 + 1 / 24);
  });

  it("counts business hours with the SLA calendar: Friday 17:00 to Monday 10:00 is 2.5 business hours", () => {
    const friday = fromZoned({ year: 2026, month: 1, day: 9 }, 17 * 60, "Europe/Paris");
    const monday = fromZoned({ year: 2026, month: 1, day: 12 }, 10 * 60, "Europe/Paris");
    const waiting = { ...ticket, lastCustomerMessageAt: friday };
    const check = checkCondition(condition({ field: "since_customer_message", operator: "greater", amount: 2, unit: "business_hours" }), waiting, { now: monday, calendar });
    expect(check.observed).toEqual({ kind: "elapsed", amount: 2.5 });
    expect(check.matched).toBe(true);
    const saturday = fromZoned({ year: 2026, month: 1, day: 10 }, 11 * 60, "Europe/Paris");
    expect(checkCondition(condition({ field: "business_hours", operator: "is", values: ["outside"] }), ticket, { now: saturday, calendar }).matched).toBe(true);
  });

  it("treats a ticket without company as having none of its traits", () => {
    const loose = { ...ticket, company: null };
    expect(checkCondition(condition({ field: "company_sector", operator: "is", values: ["commerce"] }), loose, context).matched).toBe(false);
    expect(checkCondition(condition({ field: "company_sector", operator: "is_not", values: ["commerce"] }), loose, context).matched).toBe(true);
    expect(checkCondition(condition({ field: "company_contract", operator: "is", values: ["no"] }), loose, context).matched).toBe(true);
    expect(checkCondition(condition({ field: "company", operator: "contains", text: "boulangerie" }), loose, context).matched).toBe(false);
  });
});

describe("conditions on a deal", () => {
  it.each<[string, Condition, boolean]>([
    ["stage is the won stage", condition({ field: "deal_stage", operator: "is", values: ["stage-won"] }), true],
    ["owner is not the seller", condition({ field: "deal_owner", operator: "is_not", values: ["u-sales"] }), false],
    ["amount above 10 000 €", condition({ field: "deal_amount", operator: "greater", amount: 1_000_000 }), true],
    ["amount below 10 000 €", condition({ field: "deal_amount", operator: "less", amount: 1_000_000 }), false],
    ["source is trade show", condition({ field: "deal_source", operator: "is", values: ["trade_show"] }), true],
    ["company is a prospect", condition({ field: "company_lifecycle", operator: "is", values: ["prospect"] }), true],
    ["ticket status on a deal never holds", condition({ field: "status", operator: "is_not", values: ["closed"] }), false],
  ])("%s → %s", (_label, tested, expected) => {
    expect(checkCondition(tested, deal, context).matched).toBe(expected);
  });
});

describe("all and any groups", () => {
  const yes = condition({ field: "type", operator: "is", values: ["incident"] });
  const no = condition({ field: "type", operator: "is", values: ["complaint"] });
  it.each<[string, { all: Condition[]; any: Condition[] }, boolean]>([
    ["no conditions", { all: [], any: [] }, true],
    ["all hold, no any", { all: [yes, yes], any: [] }, true],
    ["one of all fails", { all: [yes, no], any: [] }, false],
    ["all hold, one any holds", { all: [yes], any: [no, yes] }, true],
    ["all hold, no any holds", { all: [yes], any: [no, no] }, false],
  ])("%s → %s", (_label, groups, expected) => {
    const evaluation = evaluateConditions(groups, ticket, context);
    expect(evaluation.matched).toBe(expected);
    expect(evaluation.all).toHaveLength(groups.all.length);
    expect(evaluation.any).toHaveLength(groups.any.length);
  });
});

describe("comparable text", () => {
  it.each([
    ["Écran  NOIR", "ecran noir"],
    ["Œuvre d'Hélène", "oeuvre d'helene"],
    ["  facture\n impayée ", "facture impayee"],
  ])("%s → %s", (input, expected) => {
    expect(comparableText(input)).toBe(expected);
  });
});
