import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";
import { Badge, type BadgeTone } from "../ui/layout";

const statusTones: Record<string, BadgeTone> = {
  new: "blue",
  open: "violet",
  pending_customer: "amber",
  on_hold: "slate",
  solved: "green",
  closed: "slate",
};
const priorityTones: Record<string, BadgeTone> = { low: "slate", normal: "slate", high: "amber", urgent: "red" };

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <Badge tone={statusTones[status] ?? "slate"}>{t(`ticket.status.${status}` as MessageKey)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useI18n();
  return <Badge tone={priorityTones[priority] ?? "slate"}>{t(`ticket.priority.${priority}` as MessageKey)}</Badge>;
}
