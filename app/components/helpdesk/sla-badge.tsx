import type { SlaStatus } from "~/domain/helpdesk/sla/sla-status";
import { useI18n } from "../i18n";
import { Badge } from "../ui/layout";
import { useDuration } from "./use-duration";

type SlaLike = Pick<SlaStatus, "state" | "target"> & { dueAt: Date | string | null };

/**
 * Where a ticket stands against its SLA: breached (red), due soon (amber), running, paused, or
 * nothing for tickets without targets. `now` comes from the loader so server and browser agree.
 */
export function SlaBadge({ sla, now, compact = false }: { sla: SlaLike; now: Date | string; compact?: boolean }) {
  const { t, format } = useI18n();
  const duration = useDuration();
  if (sla.state === "none" || !sla.dueAt) return <span className="text-slate-400">—</span>;
  const target = sla.target === "first_response" ? t("helpdesk.sla.firstResponse") : t("helpdesk.sla.resolution");
  const span = duration(now, sla.dueAt);
  const title = `${target} · ${format.dateTime(sla.dueAt)}`;
  if (sla.state === "breached")
    return (
      <span title={title} data-sla="breached" className="whitespace-nowrap">
        <Badge tone="red">{compact ? t("helpdesk.sla.breached") : t("helpdesk.sla.breachedBy", { duration: span })}</Badge>
      </span>
    );
  if (sla.state === "warning")
    return (
      <span title={title} data-sla="warning" className="whitespace-nowrap">
        <Badge tone="amber">{compact ? t("helpdesk.sla.warning") : t("helpdesk.sla.dueIn", { duration: span })}</Badge>
      </span>
    );
  if (sla.state === "paused")
    return (
      <span title={title} data-sla="paused" className="whitespace-nowrap">
        <Badge tone="slate">{t("helpdesk.sla.paused")}</Badge>
      </span>
    );
  return (
    <span title={title} data-sla="ok" className="whitespace-nowrap text-xs text-slate-600">
      {t("helpdesk.sla.dueIn", { duration: span })}
    </span>
  );
}
