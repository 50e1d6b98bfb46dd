import { useEffect, useRef } from "react";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";

/** The activity as it is now, when a save lost the race with someone else's. */
export type ActivityConflictData = {
  version: number;
  updatedAt: Date | string;
  subject: string;
  notes: string;
  ownerId: string;
  date: string;
  time: string;
  endTime: string;
  mode: string | null;
  location: string;
  companyId: string | null;
  contactId: string | null;
  dealId: string | null;
  ticketId: string | null;
};

const compared: Array<{ field: keyof ActivityConflictData; label: MessageKey; shown: boolean }> = [
  { field: "subject", label: "sales.activity.field.subject", shown: true },
  { field: "date", label: "sales.activity.field.date", shown: true },
  { field: "time", label: "sales.activity.field.time", shown: true },
  { field: "endTime", label: "sales.activity.field.end", shown: true },
  { field: "location", label: "sales.activity.field.location", shown: true },
  { field: "mode", label: "sales.activity.field.mode", shown: false },
  { field: "notes", label: "sales.activity.field.notes", shown: false },
  { field: "ownerId", label: "sales.activity.field.owner", shown: false },
  { field: "companyId", label: "sales.links.company", shown: false },
  { field: "contactId", label: "sales.links.contact", shown: false },
  { field: "dealId", label: "sales.links.deal", shown: false },
  { field: "ticketId", label: "sales.links.ticket", shown: false },
];

/**
 * Someone saved the activity after this page was loaded: nothing was written. Lists the fields
 * where the saved activity differs from what was typed (with the saved value when it is text);
 * the form below keeps what was typed and now carries the current version, so saving again
 * applies it knowingly.
 */
export function ActivityConflict({ current, typed }: { current: ActivityConflictData; typed: Record<string, string | string[]> }) {
  const { t, format } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [current.version]);
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  const differences = compared.filter(({ field }) => {
    if (field === "ownerId" && typed.ownerId === undefined) return false;
    return text(current[field] ?? "") !== text(typed[field] ?? "");
  });
  return (
    <section role="alert" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950" aria-labelledby="activity-conflict-title">
      <h2 id="activity-conflict-title" ref={heading} tabIndex={-1} className="font-semibold">
        {t("sales.activity.conflict.title", { date: format.dateTime(current.updatedAt) })}
      </h2>
      <p className="mt-1">{t("sales.activity.conflict")}</p>
      {differences.length > 0 ? (
        <dl className="mt-3 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
          {differences.map(({ field, label, shown }) => (
            <div key={field} className="contents">
              <dt className="font-medium">{t(label)}</dt>
              <dd>{shown ? t("sales.activity.conflict.now", { value: text(current[field]) || "—" }) : t("sales.activity.conflict.changed")}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="mt-3">{t("sales.activity.conflict.again")}</p>
    </section>
  );
}
