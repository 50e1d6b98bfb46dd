/** Pieces of the SLA administration pages: their sub-navigation, duration inputs and labels. */
import { NavLink } from "@remix-run/react";
import { useId } from "react";
import { type SlaTargetName, splitMinutes, targetField } from "~/domain/helpdesk/sla/sla-settings";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";
import { pillClasses } from "../ui/filter-pills";

export function SlaAdminNav() {
  const { t } = useI18n();
  const links = [
    { to: "/admin/sla", label: t("planning.sla.nav.targets"), end: true },
    { to: "/admin/sla/horaires", label: t("planning.sla.nav.calendar"), end: false },
  ];
  return (
    <nav className="mb-6 flex flex-wrap gap-2" aria-label={t("planning.sla.tab")}>
      {links.map((link) => (
        <NavLink
          key={link.to}
          to={link.to}
          end={link.end}
          className={({ isActive }) => pillClasses(isActive)}
        >
          {link.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** "4 h", "8 h 30", "45 min", with the equivalent in business days when it is at least one. */
export function useDurationLabel() {
  const { t, locale } = useI18n();
  return (total: number, minutesPerDay: number) => {
    const { hours, minutes } = splitMinutes(total);
    const main =
      hours === 0
        ? t("planning.duration.minutes", { minutes })
        : minutes === 0
          ? t("planning.duration.hours", { hours })
          : t("planning.duration.hoursMinutes", { hours, minutes: String(minutes).padStart(2, "0") });
    if (minutesPerDay <= 0 || total < minutesPerDay) return main;
    const tag = locale === "fr" ? "fr-FR" : "en-GB";
    const count = Math.round((total / minutesPerDay) * 10) / 10;
    const days = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }).format(count);
    const plural = new Intl.PluralRules(tag).select(count) === "one";
    return `${main} · ${t(plural ? "planning.duration.businessDay" : "planning.duration.businessDays", { days })}`;
  };
}

/** Hours and minutes of one target, side by side, with labels for screen readers and the error below. */
export function DurationInputs({
  prefix,
  target,
  label,
  defaultMinutes,
  values,
  error,
  disabled,
}: {
  prefix: string;
  target: SlaTargetName;
  /** e.g. "Première réponse, priorité urgente" */
  label: string;
  defaultMinutes: number;
  values?: Record<string, string | string[]>;
  error?: string | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const hoursName = targetField(prefix, target, "Hours");
  const minutesName = targetField(prefix, target, "Minutes");
  const split = splitMinutes(defaultMinutes);
  const submitted = (name: string, fallback: number) => {
    const value = values?.[name];
    return typeof value === "string" ? value : String(fallback);
  };
  const input =
    "w-20 rounded-md border-0 bg-white px-2 py-1.5 text-right text-sm tabular-nums text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500 disabled:bg-slate-100 disabled:text-slate-400";
  return (
    <div>
      <div className="flex items-center gap-1.5" role="group" aria-label={label}>
        <label htmlFor={`${id}-hours`} className="sr-only">
          {t("planning.sla.hoursOf", { label })}
        </label>
        <input
          id={`${id}-hours`}
          name={hoursName}
          inputMode="numeric"
          defaultValue={submitted(hoursName, split.hours)}
          className={input}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          disabled={disabled}
        />
        <span className="text-sm text-slate-600" aria-hidden="true">
          h
        </span>
        <label htmlFor={`${id}-minutes`} className="sr-only">
          {t("planning.sla.minutesOf", { label })}
        </label>
        <input
          id={`${id}-minutes`}
          name={minutesName}
          inputMode="numeric"
          defaultValue={submitted(minutesName, split.minutes)}
          className={cn(input, "w-16")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          disabled={disabled}
        />
        <span className="text-sm text-slate-600" aria-hidden="true">
          min
        </span>
      </div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 max-w-xs text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
