import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { parseTagList } from "~/domain/helpdesk/workspace-schemas";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import { HistoryLine, type SerializedHistoryEntry } from "./ticket-history";

export type ConflictData = {
  current: {
    version: number;
    loadedAt: string;
    status: string;
    priority: string;
    type: string;
    groupId: string | null;
    groupName: string | null;
    assigneeId: string | null;
    assigneeName: string | null;
    tags: string[];
  };
  history: SerializedHistoryEntry[];
  messages: Array<{ id: string; visibility: string; authorKind: string; authorName: string; createdAt: Date | string; excerpt: string }>;
};

type Values = Record<string, string | string[]>;

const fieldNames = ["status", "priority", "type", "groupId", "assigneeId", "tags"] as const;
type FieldName = (typeof fieldNames)[number];

const str = (values: Values, name: string) => {
  const value = values[name];
  return typeof value === "string" ? value : "";
};

/** The fields the agent changed in the form they sent (compared with what they had loaded). */
function changedFields(values: Values): FieldName[] {
  return fieldNames.filter((name) =>
    name === "tags" ? parseTagList(str(values, "tags")).join(",") !== parseTagList(str(values, "loaded_tags")).join(",") : str(values, name) !== str(values, `loaded_${name}`),
  );
}

function fieldLabel(name: FieldName, t: Translate): string {
  const keys: Record<FieldName, MessageKey> = {
    status: "support.colStatus",
    priority: "support.colPriority",
    type: "helpdesk.fields.type",
    groupId: "helpdesk.fields.group",
    assigneeId: "support.colAssignee",
    tags: "helpdesk.fields.tags",
  };
  return t(keys[name]);
}

/**
 * Someone saved the ticket between the moment the agent loaded it and their submit: nothing was
 * written. This shows what happened since (history and new messages), the agent's change next to
 * the current values, and lets them re-apply it on the current version or discard it.
 */
export function TicketConflict({
  ticketNumber,
  intent,
  values,
  conflict,
  names,
}: {
  ticketNumber: number;
  intent: string;
  values: Values;
  conflict: ConflictData;
  names: { groups: Array<{ id: string; name: string }>; agents: Array<{ id: string; name: string }> };
}) {
  const { t, format } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [conflict.current.version]);
  const { current } = conflict;

  const display = (name: FieldName, value: string): string => {
    if (name === "status") return value ? t(`ticket.status.${value}` as MessageKey) : "—";
    if (name === "priority") return value ? t(`ticket.priority.${value}` as MessageKey) : "—";
    if (name === "type") return value ? t(`ticket.type.${value}` as MessageKey) : "—";
    if (name === "groupId") return value ? (names.groups.find((group) => group.id === value)?.name ?? "—") : t("helpdesk.fields.noGroup");
    if (name === "assigneeId") return value ? (names.agents.find((agent) => agent.id === value)?.name ?? "—") : t("support.unassignedLabel");
    return parseTagList(value).join(", ") || t("common.none");
  };
  const currentValue = (name: FieldName): string => (name === "tags" ? current.tags.join(", ") : ((current[name] as string | null) ?? ""));
  const changed = intent === "fields" ? changedFields(values) : [];

  return (
    <section role="alert" aria-labelledby="conflict-title" className="mb-6 rounded-lg border-2 border-red-300 bg-red-50 p-4" data-testid="ticket-conflict">
      <h2 id="conflict-title" ref={heading} tabIndex={-1} className="text-lg font-semibold text-red-900 focus:outline-none">
        {t("helpdesk.conflictPanel.title")}
      </h2>
      <p className="mt-1 text-sm text-red-900">{t("helpdesk.conflict")}</p>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <div className="rounded-md border border-red-200 bg-white p-3">
          <h3 className="text-sm font-semibold text-slate-900">{t("helpdesk.conflictPanel.since")}</h3>
          {conflict.history.length === 0 && conflict.messages.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t("helpdesk.conflictPanel.nothingListed")}</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {conflict.history.map((entry) => (
                <li key={entry.id} className="border-l-2 border-red-200 pl-2">
                  <HistoryLine entry={entry} />
                </li>
              ))}
              {conflict.messages.map((message) => (
                <li key={message.id} className={cn("border-l-2 pl-2 text-sm", message.visibility === "internal" ? "border-amber-300" : "border-brand-200")}>
                  <p>
                    <span className="font-medium text-slate-900">{message.authorName}</span> ·{" "}
                    {message.visibility === "internal"
                      ? t("helpdesk.thread.internalNote")
                      : message.authorKind === "customer"
                        ? t("helpdesk.thread.customerMessage")
                        : t("helpdesk.thread.publicReply")}
                  </p>
                  <p className="text-slate-700">{message.excerpt}</p>
                  <p className="text-xs text-slate-500">{format.dateTime(message.createdAt)}</p>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="rounded-md border border-red-200 bg-white p-3">
          <h3 className="text-sm font-semibold text-slate-900">{t("helpdesk.conflictPanel.yours")}</h3>
          {intent === "fields" ? (
            changed.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t("helpdesk.conflictPanel.noFieldChanged")}</p>
            ) : (
              <table className="mt-2 w-full text-left text-sm">
                <thead>
                  <tr className="text-xs uppercase tracking-wide text-slate-500">
                    <th scope="col" className="py-1 pr-2 font-semibold">
                      {t("helpdesk.conflictPanel.field")}
                    </th>
                    <th scope="col" className="py-1 pr-2 font-semibold">
                      {t("helpdesk.conflictPanel.yourValue")}
                    </th>
                    <th scope="col" className="py-1 font-semibold">
                      {t("helpdesk.conflictPanel.currentValue")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map((name) => (
                    <tr key={name} className="border-t border-slate-100" data-conflict-field={name}>
                      <th scope="row" className="py-1 pr-2 font-medium text-slate-700">
                        {fieldLabel(name, t)}
                      </th>
                      <td className="py-1 pr-2 text-slate-900">{display(name, str(values, name))}</td>
                      <td className="py-1 text-slate-900">{display(name, currentValue(name))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : intent === "reply" ? (
            <>
              <p className="mt-2 text-xs text-slate-500">
                {str(values, "visibility") === "internal" ? t("helpdesk.thread.internalNote") : t("helpdesk.thread.publicReply")}
              </p>
              <blockquote className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-sm text-slate-800">{str(values, "body")}</blockquote>
            </>
          ) : intent === "take" ? (
            <p className="mt-2 text-sm text-slate-700">
              {t("helpdesk.conflictPanel.take", { assignee: current.assigneeName ?? t("support.unassignedLabel") })}
            </p>
          ) : (
            <p className="mt-2 text-sm text-slate-700">{t("helpdesk.conflictPanel.merge", { number: str(values, "targetNumber") })}</p>
          )}
        </div>
      </div>

      <div className="mt-4 flex flex-wrap gap-3">
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="version" value={current.version} />
          <input type="hidden" name="loadedAt" value={current.loadedAt} />
          {intent === "fields"
            ? fieldNames.map((name) => (
                <span key={name}>
                  <input type="hidden" name={name} value={changed.includes(name) ? str(values, name) : currentValue(name)} />
                  <input type="hidden" name={`loaded_${name}`} value={currentValue(name)} />
                </span>
              ))
            : null}
          {intent === "reply" ? (
            <>
              <input type="hidden" name="visibility" value={str(values, "visibility")} />
              <input type="hidden" name="body" value={str(values, "body")} />
              <input type="hidden" name="statusAfter" value={str(values, "statusAfter")} />
            </>
          ) : null}
          {intent === "merge" ? <input type="hidden" name="targetNumber" value={str(values, "targetNumber")} /> : null}
          <Button type="submit" variant="danger">
            {intent === "reply" ? t("helpdesk.conflictPanel.sendAnyway") : t("helpdesk.conflictPanel.reapply")}
          </Button>
        </Form>
        <Link to={`/support/tickets/${ticketNumber}`} className={buttonClasses("secondary")} reloadDocument>
          {t("helpdesk.conflictPanel.discard")}
        </Link>
      </div>
    </section>
  );
}
