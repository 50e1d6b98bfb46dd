import { applyBuilderEdit, readBuilderEdit, readBuilderForm } from "~/domain/marketing/segments/segment-builder-fields";
import { contactsForWhy, explainForContact, previewSegment, type SampleContact, type WhyExplanation } from "~/domain/marketing/segments/segment-preview.server";
import { builderChoices, checkDefinition, type DefinitionIssues } from "~/domain/marketing/segments/segments.server";
import type { SegmentDefinition } from "~/domain/marketing/segments/segment-definition";
import { isLocale } from "~/lib/i18n/locales";
import { formatters, translator } from "~/lib/i18n/translate";

/**
 * The builder's round trip, shared by the new / edit pages (plain form posts: add or remove a
 * group or a condition, preview, explain) and the live preview resource route (JS, debounced).
 */

export type BuilderAnswer = {
  definition: SegmentDefinition;
  issues: DefinitionIssues;
  preview: { count: number; sample: SampleContact[] } | null;
  why: { search: string; candidates: SampleContact[]; explanation: WhyExplanation | null } | null;
};

type Fields = Record<string, string | string[]>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));

export async function answerBuilder(fields: Fields, locale: string, options: { explain: boolean; now?: Date }): Promise<BuilderAnswer> {
  const now = options.now ?? new Date();
  const choices = await builderChoices();
  let definition = readBuilderForm(fields, choices);
  const edit = readBuilderEdit(fields);
  if (edit) definition = applyBuilderEdit(definition, edit);
  const checked = checkDefinition(definition);
  const valid = Object.keys(checked.issues).length === 0;
  // A structural edit re-renders the builder with the new condition's defaults: its errors are not shown yet.
  const issues = edit ? {} : checked.issues;
  const preview = valid ? await previewSegment(checked.definition, now) : null;
  let why: BuilderAnswer["why"] = null;
  const search = first(fields.whySearch).trim();
  if (options.explain && search && valid) {
    const candidates = await contactsForWhy(search);
    const chosen = first(fields.whyContactId);
    const contactId = candidates.some((candidate) => candidate.id === chosen) ? chosen : candidates[0]?.id;
    const language = isLocale(locale) ? locale : "fr";
    const explanation = contactId ? await explainForContact(checked.definition, contactId, { t: translator(language), format: formatters(language) }, now) : null;
    why = { search, candidates, explanation };
  }
  return { definition, issues, preview, why };
}

/** Query-string fields (repeated names become lists), like a posted form's. */
export function searchFields(params: URLSearchParams): Fields {
  const fields: Fields = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    fields[name] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

/** The name and description as typed (to show them again), and whether the form asked for an explanation. */
export function typedSegmentFields(fields: Fields): { name: string; description: string } {
  return { name: first(fields.name), description: first(fields.description) };
}

export function asksForExplanation(fields: Fields): boolean {
  return first(fields.intent) === "why" || first(fields.whyContactId) !== "";
}

export function submittedIntent(fields: Fields): string {
  return first(fields.intent);
}
