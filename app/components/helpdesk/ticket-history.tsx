import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { HistoryEntry } from "~/domain/helpdesk/ticket-workspace.server";
import type { Translate } from "~/lib/i18n/translate";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";

export type SerializedHistoryEntry = Omit<HistoryEntry, "at"> & { at: Date | string };

const text = (value: unknown) => (typeof value === "string" ? value : null);

/** A value of the history in words: a status, a priority, a person or a group, tags. */
function valueLabel(entry: SerializedHistoryEntry, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === "") {
    return entry.kind === "assignee" ? t("support.unassignedLabel") : t("common.none");
  }
  if (Array.isArray(value)) return value.length ? value.join(", ") : t("common.none");
  const raw = String(value);
  switch (entry.kind) {
    case "status":
      return t(`ticket.status.${raw}` as MessageKey);
    case "priority":
      return t(`ticket.priority.${raw}` as MessageKey);
    case "type":
      return t(`ticket.type.${raw}` as MessageKey);
    case "group":
    case "assignee":
    case "requester":
    case "company":
      return entry.names[raw] ?? t("helpdesk.history.removed");
    default:
      return raw;
  }
}

/** One line of the history: who did what (the actor is "the system" or "the customer" when no agent did). */
export function HistoryLine({ entry }: { entry: SerializedHistoryEntry }) {
  const { t, format } = useI18n();
  const rule = automationRule(entry.data);
  const actor =
    entry.actorName ??
    (rule ? t("automations.history.actor", { name: rule }) : text(entry.data.reason)?.startsWith("customer") ? t("helpdesk.history.customer") : t("helpdesk.history.system"));
  const change = (label: string) => (
    <>
      {label} : <span className="text-slate-500 line-through decoration-slate-400">{valueLabel(entry, entry.data.from, t)}</span> →{" "}
      <span className="font-medium">{valueLabel(entry, entry.data.to, t)}</span>
    </>
  );
  let what: ReactNode;
  switch (entry.kind) {
    case "created":
      what = t("helpdesk.history.created", { channel: t(`ticket.channel.${text(entry.data.channel) ?? "email"}` as MessageKey) });
      break;
    case "status":
      what = (
        <>
          {change(t("support.colStatus"))}
          {entry.data.reason ? <span className="text-slate-500"> ({t(reasonKey(text(entry.data.reason)))})</span> : null}
        </>
      );
      break;
    case "priority":
      what = change(t("support.colPriority"));
      break;
    case "type":
      what = change(t("helpdesk.fields.type"));
      break;
    case "group":
      what = change(t("helpdesk.fields.group"));
      break;
    case "assignee":
      what = change(t("support.colAssignee"));
      break;
    case "tags":
      what = change(t("helpdesk.fields.tags"));
      break;
    case "subject":
      what = change(t("support.colSubject"));
      break;
    case "requester":
    case "company":
      what = (
        <>
          {change(t(entry.kind === "requester" ? "helpdesk.history.requester" : "helpdesk.history.company"))}
          {entry.data.reason ? <span className="text-slate-500"> ({t(reasonKey(text(entry.data.reason)))})</span> : null}
        </>
      );
      break;
    case "merged_into":
      what = (
        <>
          {t("helpdesk.history.mergedInto")}{" "}
          <Link className="font-medium text-brand-700 hover:underline" to={`/support/tickets/${entry.data.targetNumber}`}>
            #{String(entry.data.targetNumber)}
          </Link>
        </>
      );
      break;
    case "merged_from":
      what = (
        <>
          {t("helpdesk.history.mergedFrom", { count: Number(entry.data.messages ?? 0) })}{" "}
          <Link className="font-medium text-brand-700 hover:underline" to={`/support/tickets/${entry.data.sourceNumber}`}>
            #{String(entry.data.sourceNumber)}
          </Link>
        </>
      );
      break;
    case "intervention_planned":
      what = t("helpdesk.history.interventionPlanned", { technician: text(entry.data.technicianName) ?? "—", date: entry.data.startsAt ? format.dateTime(String(entry.data.startsAt)) : "—" });
      break;
    case "intervention_rescheduled":
      what = t("helpdesk.history.interventionRescheduled");
      break;
    case "intervention_cancelled":
      what = t("helpdesk.history.interventionCancelled");
      break;
    case "intervention_reported":
      what = t("helpdesk.history.interventionReported");
      break;
    case "automatic_reply":
      what = t("automations.history.automaticReply", { title: text(entry.data.title) ?? "" });
      break;
    case "automation_notified":
      what = t("automations.history.notified", { names: Array.isArray(entry.data.names) ? entry.data.names.join(", ") : "—" });
      break;
    case "automation_webhook":
      what = t("automations.history.webhookCalled", { name: text(entry.data.name) ?? "—" });
      break;
    case "sla":
      what = entry.data.announced === "breached" ? t("helpdesk.history.slaBreached") : entry.data.announced ? t("helpdesk.history.slaWarning") : t("helpdesk.history.slaMoved");
      break;
    default:
      what = entry.kind;
  }
  return (
    <div className="text-sm text-slate-700">
      <p>
        <span className="font-medium text-slate-900">{actor}</span> · {what}
      </p>
      <time className="text-xs text-slate-500" dateTime={new Date(entry.at).toISOString()}>
        {format.dateTime(entry.at)}
      </time>
    </div>
  );
}

/** The rule that made this change, named as it was then (recorded by recordTicketEvent under runAsActor). */
function automationRule(data: Record<string, unknown>): string | null {
  const automation = data.automation;
  if (!automation || typeof automation !== "object") return null;
  return text((automation as Record<string, unknown>).ruleName);
}

function reasonKey(reason: string | null): MessageKey {
  switch (reason) {
    case "customer_reply":
      return "helpdesk.history.reasonCustomerReply";
    case "customer_closed":
      return "helpdesk.history.reasonCustomerClosed";
    case "customer_reopened":
      return "helpdesk.history.reasonCustomerReopened";
    case "merge":
      return "helpdesk.history.reasonMerge";
    case "contact_merge":
    case "company_merge":
      return "helpdesk.history.reasonRecordMerge";
    default:
      return "helpdesk.history.reasonOther";
  }
}

/** The ticket's history, newest first. */
export function TicketHistory({ entries }: { entries: SerializedHistoryEntry[] }) {
  const { t } = useI18n();
  if (entries.length === 0) return <p className="text-sm text-slate-600">{t("helpdesk.history.empty")}</p>;
  return (
    <ol className="space-y-3" aria-label={t("helpdesk.history.title")}>
      {[...entries].reverse().map((entry) => (
        <li key={entry.id} className="border-l-2 border-slate-200 pl-3" data-history-kind={entry.kind}>
          <HistoryLine entry={entry} />
        </li>
      ))}
    </ol>
  );
}
