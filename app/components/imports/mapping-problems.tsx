import type { MappingProblem } from "~/domain/imports/import-mapping";
import { useI18n } from "../i18n";

/** Why the mapping cannot run yet, one line per problem, announced to screen readers. */
export function MappingProblems({ problems, fieldLabel, headers }: { problems: MappingProblem[]; fieldLabel: (key: string) => string; headers: string[] }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      <p className="font-medium">{t("importWizard.columns.problemsTitle")}</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((problem, index) => (
          <li key={index}>
            {problem.kind === "unknown_target"
              ? t("import.mapping.unknownTarget", { column: headers[problem.column] || String(problem.column + 1) })
              : problem.kind === "duplicate_target"
                ? t("import.mapping.duplicateTarget", { field: fieldLabel(problem.target) })
                : problem.kind === "missing_required"
                  ? t("import.mapping.missingRequired", { field: fieldLabel(problem.target) })
                  : t("import.mapping.contactIdentity")}
          </li>
        ))}
      </ul>
    </div>
  );
}
