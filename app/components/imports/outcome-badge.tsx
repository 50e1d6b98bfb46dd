import type { RowOutcome } from "~/domain/imports/import-status";
import { useI18n } from "../i18n";
import { Badge, type BadgeTone } from "../ui/layout";

const tones: Record<RowOutcome, BadgeTone> = { created: "green", updated: "blue", merged: "violet", skipped: "slate", rejected: "red" };

/** What happens (preview) or happened (report) to a row. */
export function OutcomeBadge({ outcome }: { outcome: RowOutcome }) {
  const { t } = useI18n();
  return <Badge tone={tones[outcome]}>{t(`import.outcome.${outcome}`)}</Badge>;
}
