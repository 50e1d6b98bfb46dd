import { Link } from "@remix-run/react";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";

export type ImportStep = "file" | "columns" | "preview";

const steps: ReadonlyArray<{ id: ImportStep; path: string; label: "importWizard.step.file" | "importWizard.step.columns" | "importWizard.step.preview" }> = [
  { id: "file", path: "fichier", label: "importWizard.step.file" },
  { id: "columns", path: "colonnes", label: "importWizard.step.columns" },
  { id: "preview", path: "apercu", label: "importWizard.step.preview" },
];

/** The wizard's steps for a draft import: each is a link (nothing is written before the run), the current one marked. */
export function ImportSteps({ importId, current }: { importId: string; current: ImportStep }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("importWizard.step.label")} className="mb-6">
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((step, index) => (
          <li key={step.id}>
            <Link
              to={`/clients/imports/${importId}/${step.path}`}
              aria-current={step.id === current ? "step" : undefined}
              className={cn(
                "inline-flex items-center gap-2 rounded-full px-3 py-1 ring-1 ring-inset",
                step.id === current ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
              )}
            >
              <span aria-hidden="true" className="font-semibold">
                {index + 1}
              </span>
              {t(step.label)}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
