import { Form } from "@remix-run/react";
import type { ActivityKind } from "~/domain/sales/activity-schemas";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { usePlanningFormat } from "../planning/intervention-forms";
import { cn } from "../ui/cn";
import { Badge, type BadgeTone } from "../ui/layout";

const kindTones: Record<ActivityKind, BadgeTone> = { call: "blue", appointment: "violet", task: "amber", email: "slate" };

export function asActivityKind(kind: string): ActivityKind {
  return kind === "call" || kind === "appointment" || kind === "email" ? kind : "task";
}

export function ActivityKindBadge({ kind }: { kind: string }) {
  const { t } = useI18n();
  const known = asActivityKind(kind);
  return <Badge tone={kindTones[known]}>{t(`sales.activity.kind.${known}`)}</Badge>;
}

type Timed = { kind: string; startsAt: Date | string; endsAt: Date | string | null; allDay?: boolean };

/** When an activity happens, in words: "mardi 9 décembre 2026, 14:00–15:00", or "… (dans la journée)". */
export function useActivityWhen() {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  return (activity: Timed) => {
    if (activity.kind === "appointment" && activity.endsAt) return planning.slot(activity.startsAt, activity.endsAt);
    if (activity.allDay) return t("sales.activity.inTheDay", { date: planning.day(activity.startsAt) });
    return `${planning.day(activity.startsAt)}, ${planning.clock(activity.startsAt)}`;
  };
}

/** "3 j", "5 h", "20 min": how late a to-do is. */
export function useLateness() {
  const { t } = useI18n();
  return (minutes: number) => {
    if (minutes >= 24 * 60) return t("sales.agenda.lateDays", { count: Math.floor(minutes / (24 * 60)) });
    if (minutes >= 60) return t("sales.agenda.lateHours", { count: Math.floor(minutes / 60) });
    return t("sales.agenda.lateMinutes", { count: Math.max(1, minutes) });
  };
}

/**
 * The box that marks an activity done (or not done) in one click: a real form posting to the
 * page's action, so it works without JavaScript; a button that reads like a checkbox.
 */
export function DoneToggle({
  activity,
  action,
  hiddenFields,
  className,
}: {
  activity: { id: string; subject: string; done: boolean; version: number };
  action?: string;
  hiddenFields?: Record<string, string>;
  className?: string;
}) {
  const { t } = useI18n();
  const label = activity.done ? t("sales.activity.reopenNamed", { subject: activity.subject }) : t("sales.activity.markDoneNamed", { subject: activity.subject });
  return (
    <Form method="post" action={action} className={cn("inline-flex", className)} preventScrollReset>
      <CsrfField />
      <input type="hidden" name="intent" value="done" />
      <input type="hidden" name="activityId" value={activity.id} />
      <input type="hidden" name="version" value={activity.version} />
      <input type="hidden" name="done" value={activity.done ? "false" : "true"} />
      {Object.entries(hiddenFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        aria-label={label}
        title={label}
        className={cn(
          "flex h-5 w-5 flex-none items-center justify-center rounded border text-xs font-bold focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
          activity.done ? "border-emerald-600 bg-emerald-600 text-white" : "border-slate-400 bg-white text-transparent hover:border-emerald-600 hover:text-emerald-600",
        )}
      >
        <span aria-hidden="true">✓</span>
      </button>
    </Form>
  );
}
