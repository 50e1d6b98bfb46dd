import { companySectors, companySizes, contactLanguages } from "~/domain/customers/customer-vocabulary";
import { ticketChannels, ticketPriorities, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import { LIFECYCLE_STAGES } from "~/domain/sales/lifecycle";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { consentStates } from "../consent/consent-states";
import { conditionFamilies, type ConditionFamily } from "./segment-condition";
import type { SegmentCondition, SegmentDefinition, SegmentMatch } from "./segment-definition";

/**
 * The builder's inputs for each condition kind, and reading a submitted builder form back into a
 * definition. Pure: shared by the page (which renders the inputs), its action and the live
 * preview. Field names are `g{group}.c{condition}.{param}`, so the builder works as a plain form.
 */

export type BuilderOption = { value: string; label: MessageKey | null; text?: string };
export type BuilderField =
  | { name: string; input: "select"; options: BuilderOption[]; showWhen?: Record<string, string[]> }
  | { name: string; input: "multi"; options: BuilderOption[]; showWhen?: Record<string, string[]> }
  | { name: string; input: "number" | "text" | "date"; showWhen?: Record<string, string[]> }
  /** Choices that come from the database (owners, open stages, campaigns): the name is kept beside the id. */
  | { name: string; input: "owner" | "openStages" | "campaign"; showWhen?: Record<string, string[]> };

export type BuilderKind = { kind: string; family: ConditionFamily; label: MessageKey; fields: BuilderField[]; defaults: Record<string, unknown> };

const options = (values: readonly string[], label: (value: string) => MessageKey | null): BuilderOption[] => values.map((value) => ({ value, label: label(value) }));

export const builderKinds: BuilderKind[] = [
  { kind: "contact.language", family: "contact", label: "segment.kind.contact.language", fields: [{ name: "language", input: "select", options: options(contactLanguages, (value) => `locale.${value}` as MessageKey) }], defaults: { language: "fr" } },
  { kind: "contact.jobTitle", family: "contact", label: "segment.kind.contact.jobTitle", fields: [{ name: "text", input: "text" }], defaults: { text: "" } },
  {
    kind: "contact.created",
    family: "contact",
    label: "segment.kind.contact.created",
    fields: [
      { name: "when", input: "select", options: options(["before", "since", "within"], (value) => `segment.field.created.${value}` as MessageKey) },
      { name: "day", input: "date", showWhen: { when: ["before", "since"] } },
      { name: "days", input: "number", showWhen: { when: ["within"] } },
    ],
    defaults: { when: "within", days: 30 },
  },
  { kind: "company.sector", family: "company", label: "segment.kind.company.sector", fields: [{ name: "sectors", input: "multi", options: options(companySectors, (value) => `sector.${value}` as MessageKey) }], defaults: { sectors: [] } },
  { kind: "company.size", family: "company", label: "segment.kind.company.size", fields: [{ name: "sizes", input: "multi", options: options(companySizes, () => null) }], defaults: { sizes: [] } },
  { kind: "company.city", family: "company", label: "segment.kind.company.city", fields: [{ name: "city", input: "text" }], defaults: { city: "" } },
  { kind: "company.postalCode", family: "company", label: "segment.kind.company.postalCode", fields: [{ name: "code", input: "text" }], defaults: { code: "" } },
  {
    kind: "company.lifecycleStage",
    family: "company",
    label: "segment.kind.company.lifecycleStage",
    fields: [{ name: "stages", input: "multi", options: options(LIFECYCLE_STAGES, (value) => `sales.lifecycle.${value}` as MessageKey) }],
    defaults: { stages: [] },
  },
  { kind: "company.owner", family: "company", label: "segment.kind.company.owner", fields: [{ name: "ownerId", input: "owner" }], defaults: { ownerId: "" } },
  {
    kind: "service.tickets",
    family: "service",
    label: "segment.kind.service.tickets",
    fields: [
      { name: "comparison", input: "select", options: options(["none", "at_least"], (value) => `segment.field.comparison.${value}` as MessageKey) },
      { name: "count", input: "number", showWhen: { comparison: ["at_least"] } },
      { name: "days", input: "number" },
      { name: "types", input: "multi", options: options(ticketTypes, (value) => `ticket.type.${value}` as MessageKey) },
      { name: "channels", input: "multi", options: options(ticketChannels, (value) => `ticket.channel.${value}` as MessageKey) },
    ],
    defaults: { comparison: "none", days: 90, count: 1, types: [], channels: [] },
  },
  { kind: "service.openTickets", family: "service", label: "segment.kind.service.openTickets", fields: [], defaults: {} },
  {
    kind: "service.openIncident",
    family: "service",
    label: "segment.kind.service.openIncident",
    fields: [{ name: "minPriority", input: "select", options: options(ticketPriorities, (value) => `ticket.priority.${value}` as MessageKey) }],
    defaults: { minPriority: "high" },
  },
  {
    kind: "service.slaBreaches",
    family: "service",
    label: "segment.kind.service.slaBreaches",
    fields: [
      { name: "count", input: "number" },
      { name: "days", input: "number" },
    ],
    defaults: { count: 1, days: 90 },
  },
  { kind: "service.lastRating", family: "service", label: "segment.kind.service.lastRating", fields: [{ name: "rating", input: "select", options: options(["good", "bad"], (value) => `segment.rating.${value}` as MessageKey) }], defaults: { rating: "good" } },
  { kind: "sales.openDeal", family: "sales", label: "segment.kind.sales.openDeal", fields: [{ name: "stageIds", input: "openStages" }], defaults: { stageIds: [] } },
  {
    kind: "sales.wonAmount",
    family: "sales",
    label: "segment.kind.sales.wonAmount",
    fields: [
      { name: "minEuros", input: "number" },
      { name: "months", input: "number" },
    ],
    defaults: { minEuros: 1000, months: 12 },
  },
  {
    kind: "sales.lastOrder",
    family: "sales",
    label: "segment.kind.sales.lastOrder",
    fields: [
      { name: "when", input: "select", options: options(["within", "older", "never"], (value) => `segment.field.lastOrder.${value}` as MessageKey) },
      { name: "days", input: "number", showWhen: { when: ["within", "older"] } },
    ],
    defaults: { when: "within", days: 365 },
  },
  {
    kind: "sales.contract",
    family: "sales",
    label: "segment.kind.sales.contract",
    fields: [
      { name: "state", input: "select", options: options(["active", "cancelled", "renewing"], (value) => `segment.field.contract.${value}` as MessageKey) },
      { name: "days", input: "number", showWhen: { state: ["renewing"] } },
    ],
    defaults: { state: "active", days: 60 },
  },
  { kind: "marketing.consentState", family: "marketing", label: "segment.kind.marketing.consentState", fields: [{ name: "states", input: "multi", options: options(consentStates, (value) => `consent.state.${value}` as MessageKey) }], defaults: { states: ["opt_in", "b2b_interest"] } },
  {
    kind: "marketing.campaign",
    family: "marketing",
    label: "segment.kind.marketing.campaign",
    fields: [
      { name: "campaignId", input: "campaign" },
      { name: "event", input: "select", options: options(["received", "opened", "clicked"], (value) => `segment.field.campaign.${value}` as MessageKey) },
    ],
    defaults: { campaignId: "", event: "received" },
  },
];

const builderByKind = new Map(builderKinds.map((kind) => [kind.kind, kind]));
export const builderKind = (kind: string) => builderByKind.get(kind);
export const builderFamilies = conditionFamilies.map((family) => ({ family, kinds: builderKinds.filter((kind) => kind.family === family) }));

/** Names of the database choices, to keep beside their ids (descriptions stay readable). */
export type BuilderChoices = {
  owners: Array<{ id: string; name: string }>;
  openStages: Array<{ id: string; name: string }>;
  campaigns: Array<{ id: string; name: string }>;
};

type FormFields = Record<string, string | string[]>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));
const all = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((entry) => entry !== "");
const asMatch = (value: string): SegmentMatch => (value === "any" ? "any" : "all");

export type BuilderEdit =
  | { intent: "addGroup" }
  | { intent: "removeGroup"; group: number }
  | { intent: "addCondition"; group: number; kind: string }
  | { intent: "removeCondition"; group: number; condition: number };

/** A condition's parameters as typed (strings), before its kind's schema checks them. */
function readParams(fields: FormFields, prefix: string, kind: BuilderKind, choices: BuilderChoices): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const name = `${prefix}.${field.name}`;
    if (field.input === "multi" || field.input === "openStages") params[field.name] = all(fields[name]);
    else {
      const value = first(fields[name]).trim();
      if (value !== "" || field.input === "text") params[field.name] = value;
    }
  }
  if (kind.kind === "company.owner") params.ownerName = choices.owners.find((owner) => owner.id === params.ownerId)?.name ?? "";
  if (kind.kind === "sales.openDeal") params.stageNames = (params.stageIds as string[]).map((id) => choices.openStages.find((stage) => stage.id === id)?.name ?? id);
  if (kind.kind === "marketing.campaign") params.campaignName = choices.campaigns.find((campaign) => campaign.id === params.campaignId)?.name ?? "";
  return params;
}

/** The definition in a submitted builder form (unknown kinds are kept so the compiler refuses them by place). */
export function readBuilderForm(fields: FormFields, choices: BuilderChoices): SegmentDefinition {
  const groupCount = Math.min(Number(first(fields.groupCount)) || 0, 10);
  const groups = [];
  for (let group = 0; group < groupCount; group += 1) {
    const conditionCount = Math.min(Number(first(fields[`g${group}.conditionCount`])) || 0, 20);
    const conditions: SegmentCondition[] = [];
    for (let index = 0; index < conditionCount; index += 1) {
      const prefix = `g${group}.c${index}`;
      const kindName = first(fields[`${prefix}.kind`]);
      const kind = builderKind(kindName);
      const negate = first(fields[`${prefix}.negate`]) === "on";
      conditions.push({ kind: kindName, params: kind ? readParams(fields, prefix, kind, choices) : {}, ...(negate ? { negate: true } : {}) });
    }
    groups.push({ match: asMatch(first(fields[`g${group}.match`])), conditions });
  }
  return { match: asMatch(first(fields.match)), groups };
}

/** The structural edit a builder button asked for (add / remove a group or a condition), if any. */
export function readBuilderEdit(fields: FormFields): BuilderEdit | null {
  const intent = first(fields.intent);
  if (intent === "addGroup") return { intent };
  const removeGroup = /^removeGroup:(\d+)$/.exec(intent);
  if (removeGroup) return { intent: "removeGroup", group: Number(removeGroup[1]) };
  const addCondition = /^addCondition:(\d+)$/.exec(intent);
  if (addCondition) return { intent: "addCondition", group: Number(addCondition[1]), kind: first(fields[`g${addCondition[1]}.newKind`]) };
  const removeCondition = /^removeCondition:(\d+)\.(\d+)$/.exec(intent);
  if (removeCondition) return { intent: "removeCondition", group: Number(removeCondition[1]), condition: Number(removeCondition[2]) };
  return null;
}

/** Applies a structural edit; the definition typed so far is kept as is. */
export function applyBuilderEdit(definition: SegmentDefinition, edit: BuilderEdit): SegmentDefinition {
  const groups = definition.groups.map((group) => ({ ...group, conditions: [...group.conditions] }));
  if (edit.intent === "addGroup" && groups.length < 10) groups.push({ match: "all", conditions: [] });
  if (edit.intent === "removeGroup") groups.splice(edit.group, 1);
  if (edit.intent === "addCondition") {
    const kind = builderKind(edit.kind);
    const group = groups[edit.group];
    if (kind && group && group.conditions.length < 20) group.conditions.push({ kind: kind.kind, params: structuredClone(kind.defaults) });
  }
  if (edit.intent === "removeCondition") groups[edit.group]?.conditions.splice(edit.condition, 1);
  return { ...definition, groups };
}
