import { duplicateDecisions, type DuplicateDecision, type ImportOptions } from "~/domain/imports/import-options";

const isDecision = (value: unknown): value is DuplicateDecision => typeof value === "string" && (duplicateDecisions as readonly string[]).includes(value);

/**
 * The preview's form read back into options: the decision for every group (`decision.all`), the
 * decisions of the groups shown on this page (`decision.<groupId>`, others kept as they were),
 * and the consent statement. Shapes are checked again by updateImportJob.
 */
export function optionsFromPreviewForm(form: FormData, current: ImportOptions): unknown {
  const all = form.get("decision.all");
  const groups = { ...current.duplicates.groups };
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("decision.g")) continue;
    const groupId = name.slice("decision.".length);
    if (isDecision(value)) groups[groupId] = value;
    else if (value === "") delete groups[groupId];
  }
  const consentKind = form.get("consent.kind");
  const consent =
    consentKind === "record"
      ? { kind: "record", legalBasis: String(form.get("consent.legalBasis") ?? ""), source: String(form.get("consent.source") ?? "") }
      : consentKind === "none"
        ? { kind: "none" }
        : current.consent;
  return { duplicates: { all: isDecision(all) ? all : current.duplicates.all, groups }, consent };
}
