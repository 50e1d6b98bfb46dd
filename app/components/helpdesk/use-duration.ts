import { useI18n } from "../i18n";

const MINUTE = 60_000;

/**
 * "45 min", "3 h 20 min", "2 j 4 h": how long a customer has waited or how far a deadline is,
 * more telling in a queue than "il y a 2 jours". Negative spans are measured the same way.
 */
export function useDuration() {
  const { t } = useI18n();
  return (from: Date | string, to: Date | string) => {
    const minutes = Math.floor(Math.abs(new Date(to).getTime() - new Date(from).getTime()) / MINUTE);
    if (minutes < 60) return t("helpdesk.duration.minutes", { minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return minutes % 60 ? t("helpdesk.duration.hours", { hours, minutes: minutes % 60 }) : t("helpdesk.duration.hoursOnly", { hours });
    const days = Math.floor(hours / 24);
    return hours % 24 ? t("helpdesk.duration.days", { days, hours: hours % 24 }) : t("helpdesk.duration.daysOnly", { days });
  };
}
