import type { DuplicateGroup } from "~/domain/imports/import-plan";
import { duplicateDecisions, type DuplicateDecision } from "~/domain/imports/import-options";
import { useI18n } from "../i18n";
import { SelectField } from "../ui/field";

/**
 * The duplicate groups of the preview: which rows of the file and which existing records look
 * like the same customer, why, and the importer's choice for the group (the choice for all
 * applies to groups left on « comme les autres »).
 */
export function DuplicateGroups({ groups, customised }: { groups: DuplicateGroup[]; customised: Record<string, DuplicateDecision> }) {
  const { t } = useI18n();
  return (
    <ul className="divide-y divide-slate-100" data-testid="duplicate-groups">
      {groups.map((group) => (
        <li key={group.id} className="flex flex-wrap items-end justify-between gap-3 py-3" data-testid={`duplicate-group-${group.id}`}>
          <div className="min-w-0 text-sm">
            <p className="font-medium text-slate-900">
              {t("importWizard.duplicates.rows", { rows: group.rowNumbers.join(", ") })}
              {group.existing.length > 0 ? <> · {t("importWizard.duplicates.existing", { names: group.existing.map((record) => record.name).join(", ") })}</> : null}
            </p>
            <p className="text-slate-600">
              {group.reasons.map((reason) => t(`import.reason.${reason.kind}`, { value: reason.value })).join(" · ")}
            </p>
          </div>
          <SelectField
            label={t("importWizard.duplicates.decisionFor", { rows: group.rowNumbers.join(", ") })}
            name={`decision.${group.id}`}
            defaultValue={customised[group.id] ?? ""}
            className="w-56 [&>label]:sr-only"
            options={[{ value: "", label: t("importWizard.duplicates.likeOthers") }, ...duplicateDecisions.map((value) => ({ value, label: t(`import.decision.${value}`) }))]}
          />
        </li>
      ))}
    </ul>
  );
}
