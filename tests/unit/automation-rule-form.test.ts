import { describe, expect, it } from "vitest";
import { applyRowCommand, parseRowCommand, readStoredRule, ruleFormSchema, ruleFormValues, type RuleDefinition } from "~/domain/automations/rule-schemas";

/** The rule form (rows of inputs, no JavaScript needed) and the stored JSON, through one zod schema. */

function parse(values: Record<string, string | string[]>) {
  const result = ruleFormSchema.safeParse(values);
  if (result.success) return { ok: true as const, rule: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  return { ok: false as const, errors };
}

const urgentIncidents: Record<string, string | string[]> = {
  name: "Tri des incidents",
  description: "Les incidents urgents des clients sous contrat vont au N2",
  trigger: "ticket_created",
  "conditions.all.0.field": "type",
  "conditions.all.0.operator": "is",
  "conditions.all.0.values": "incident",
  "conditions.all.1.field": "priority",
  "conditions.all.1.operator": "is",
  "conditions.all.1.values": ["urgent", "high"],
  "conditions.any.0.field": "subject",
  "conditions.any.0.operator": "contains",
  "conditions.any.0.text": "Écran noir",
  "conditions.any.1.field": "tags",
  "conditions.any.1.operator": "contains",
  "conditions.any.1.text": "Imprimante, urgent-client",
  "actions.0.type": "set_group",
  "actions.0.value": "g-n2",
  "actions.1.type": "notify",
  "actions.1.value": "user",
  "actions.1.userId": "u-julien",
  "actions.2.type": "set_assignee",
  "actions.2.value": "none",
};

describe("the rule form", () => {
  it("turns rows into a rule definition", () => {
    const parsed = parse(urgentIncidents);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rule).toMatchObject({
      name: "Tri des incidents",
      trigger: "ticket_created",
      conditions: {
        all: [
          { field: "type", operator: "is", values: ["incident"] },
          { field: "priority", operator: "is", values: ["urgent", "high"] },
        ],
        any: [
          { field: "subject", operator: "contains", text: "Écran noir" },
          { field: "tags", operator: "contains", values: ["imprimante", "urgent-client"] },
        ],
      },
      actions: [
        { type: "set_group", groupId: "g-n2" },
        { type: "notify", recipient: "user", userId: "u-julien" },
        { type: "set_assignee", userId: null },
      ],
    });
  });

  it("shows a saved rule as the same rows", () => {
    const parsed = parse(urgentIncidents);
    if (!parsed.ok) throw new Error("expected a rule");
    const again = parse(ruleFormValues(parsed.rule));
    expect(again).toEqual(parsed);
  });

  it.each<[string, Record<string, string | string[]>, Record<string, string>]>([
    ["a name is required", { name: " " }, { name: "validation.required" }],
    ["a choice value must be in the list", { "conditions.all.0.values": "bientôt" }, { "conditions.all.0.values": "validation.choose" }],
    ["a choice needs a value", { "conditions.all.0.values": [] }, { "conditions.all.0.values": "automations.validation.chooseValue" }],
    ["an operator must suit the field", { "conditions.all.0.operator": "contains" }, { "conditions.all.0.operator": "validation.choose" }],
    ["a text condition needs its text", { "conditions.any.0.text": "  " }, { "conditions.any.0.text": "validation.required" }],
    ["tags need at least one tag", { "conditions.any.1.text": " , " }, { "conditions.any.1.text": "automations.validation.tagsRequired" }],
    ["a notify of a user needs the user", { "actions.1.userId": "" }, { "actions.1.userId": "automations.validation.chooseUser" }],
    ["a deal rule cannot test a ticket's type nor set its group", { trigger: "deal_won" }, { "conditions.all.0.field": "automations.validation.fieldNotForTrigger", "actions.0.type": "automations.validation.actionNotForTrigger" }],
    [
      "a time rule needs an 'at least' duration",
      { trigger: "time" },
      { conditions: "automations.validation.timeNeedsDuration" },
    ],
    ["an unknown action type", { "actions.2.type": "delete_ticket" }, { "actions.2.type": "validation.choose" }],
    ["a webhook call needs its webhook", { "actions.2.type": "call_webhook", "actions.2.value": "" }, { "actions.2.value": "automations.validation.chooseWebhook" }],
  ])("%s", (_label, overrides, errors) => {
    const parsed = parse({ ...urgentIncidents, ...overrides });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toMatchObject(errors);
  });

  it("needs an action", () => {
    const values = Object.fromEntries(Object.entries(urgentIncidents).filter(([name]) => !name.startsWith("actions.")));
    const parsed = parse(values);
    expect(!parsed.ok && parsed.errors.actions).toBe("automations.validation.noActions");
  });

  it("reads durations and deal amounts", () => {
    const parsed = parse({
      name: "Relance",
      trigger: "time",
      "conditions.all.0.field": "since_status_change",
      "conditions.all.0.operator": "greater",
      "conditions.all.0.amount": "7",
      "conditions.all.0.unit": "days",
      "actions.0.type": "send_reply",
      "actions.0.value": "r1",
    });
    expect(parsed.ok && parsed.rule.conditions.all[0]).toMatchObject({ amount: 7, unit: "days" });
    const deal = parse({ name: "Gros contrat", trigger: "deal_won", "conditions.all.0.field": "deal_amount", "conditions.all.0.operator": "greater", "conditions.all.0.amount": "10 000,50", "actions.0.type": "notify", "actions.0.value": "deal_owner" });
    expect(deal.ok && deal.rule.conditions.all[0].amount).toBe(1_000_050);
    // A deal rule may call a webhook too, and the row reads back as written.
    const calling = parse({ name: "Affaire gagnée → ERP", trigger: "deal_won", "actions.0.type": "call_webhook", "actions.0.value": "w-erp" });
    expect(calling.ok && calling.rule.actions).toEqual([{ type: "call_webhook", endpointId: "w-erp" }]);
    if (calling.ok) expect(ruleFormValues(calling.rule)["actions.0.value"]).toBe("w-erp");
    const wrong = parse({ name: "x", trigger: "time", "conditions.all.0.field": "since_created", "conditions.all.0.operator": "greater", "conditions.all.0.amount": "1,5", "conditions.all.0.unit": "days", "actions.0.type": "set_status", "actions.0.value": "closed" });
    expect(!wrong.ok && wrong.errors["conditions.all.0.amount"]).toBe("automations.validation.duration");
  });

  it("adds and removes rows with submit buttons (no JavaScript)", () => {
    const added = applyRowCommand({ ...urgentIncidents, "newCondition.all": "company_contract" }, parseRowCommand("add-condition:all", { "newCondition.all": "company_contract" })!);
    expect(added["conditions.all.2.field"]).toBe("company_contract");
    expect(added["conditions.all.2.operator"]).toBe("is");
    const removed = applyRowCommand(urgentIncidents, parseRowCommand("remove-condition:all:0", {})!);
    expect(removed["conditions.all.0.field"]).toBe("priority");
    expect(removed["conditions.all.1.field"]).toBeUndefined();
    const action = applyRowCommand(urgentIncidents, parseRowCommand("add-action", { newAction: "send_reply" })!);
    expect(action["actions.3.type"]).toBe("send_reply");
    expect(applyRowCommand(urgentIncidents, parseRowCommand("remove-action:0", {})!)["actions.0.type"]).toBe("notify");
    expect(parseRowCommand("save", {})).toBeNull();
  });
});

describe("the stored rule", () => {
  const stored: Pick<RuleDefinition, "trigger" | "conditions" | "actions"> = {
    trigger: "customer_replied",
    conditions: { all: [{ field: "status", operator: "is", values: ["solved"], text: "", amount: null, unit: null }], any: [] },
    actions: [{ type: "set_status", status: "open" }],
  };

  it("reads back what was written", () => {
    expect(readStoredRule({ id: "r", trigger: stored.trigger, conditions: JSON.stringify(stored.conditions), actions: JSON.stringify(stored.actions) })).toEqual(stored);
  });

  it.each([
    ["an unknown trigger", { trigger: "ticket_deleted" }],
    ["conditions that are not JSON", { conditions: "{" }],
    ["an unknown action", { actions: JSON.stringify([{ type: "drop_table" }]) }],
  ])("refuses %s", (_label, override) => {
    expect(() => readStoredRule({ id: "r", trigger: stored.trigger, conditions: JSON.stringify(stored.conditions), actions: JSON.stringify(stored.actions), ...override })).toThrow(/Automation rule r/);
  });
});
