import type { ImportStatus } from "~/domain/imports/import-status";
import { useI18n } from "../i18n";
import { Badge, type BadgeTone } from "../ui/layout";

const tones: Record<ImportStatus, BadgeTone> = {
  draft: "slate",
  queued: "blue",
  running: "blue",
  cancelling: "amber",
  cancelled: "amber",
  completed: "green",
  failed: "red",
  undone: "slate",
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return <Badge tone={tones[status] ?? "slate"}>{t(`import.status.${status}`)}</Badge>;
}
