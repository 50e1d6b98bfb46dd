import type { DuplicateReason } from "~/domain/customers/duplicates";
import { useI18n } from "../i18n";

/** "même adresse e-mail (marie@…), même téléphone (+33…)" */
export function DuplicateReasons({ reasons }: { reasons: DuplicateReason[] }) {
  const { t } = useI18n();
  return (
    <ul className="flex flex-wrap gap-2">
      {reasons.map((reason) => (
        <li key={`${reason.kind}-${"value" in reason ? reason.value : reason.score}`} className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">
          {reason.kind === "similar_name"
            ? t("customers.duplicates.reason.similar_name", { score: Math.round(reason.score * 100) })
            : t(`customers.duplicates.reason.${reason.kind}`, { value: reason.value })}
        </li>
      ))}
    </ul>
  );
}
