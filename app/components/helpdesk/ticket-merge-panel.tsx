import { Form, Link } from "@remix-run/react";
import type { MergeTarget } from "~/domain/helpdesk/ticket-merge.server";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { TextField } from "../ui/field";
import { Card } from "../ui/layout";

/**
 * Merging this ticket into another one of the same customer, in two steps: the agent types the
 * target's number and checks it, then confirms after seeing what it is.
 */
export function TicketMergePanel({
  ticketNumber,
  lock,
  preview,
  fieldErrors,
  typedNumber,
}: {
  ticketNumber: number;
  lock: { version: number; loadedAt: string };
  preview: MergeTarget | null;
  fieldErrors?: FieldErrors;
  typedNumber?: string;
}) {
  const { t } = useI18n();
  const error = fieldErrors?.targetNumber ? t(fieldErrors.targetNumber) : null;
  return (
    <Card title={t("helpdesk.merge.title")}>
      {preview ? (
        <div className="space-y-3 text-sm" data-testid="merge-confirmation">
          <p className="text-slate-800">
            {t("helpdesk.merge.confirmText", { source: ticketNumber, target: preview.number })}
          </p>
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <p className="font-medium text-slate-900">
              #{preview.number} · {preview.subject}
            </p>
            <p className="text-slate-600">
              {preview.requesterName} · {t(`ticket.status.${preview.status}` as MessageKey)} · {t("helpdesk.merge.messageCount", { count: preview.messageCount })}
            </p>
          </div>
          <Form method="post" className="flex flex-wrap gap-2">
            <CsrfField />
            <input type="hidden" name="intent" value="merge" />
            <input type="hidden" name="version" value={lock.version} />
            <input type="hidden" name="loadedAt" value={lock.loadedAt} />
            <input type="hidden" name="targetNumber" value={preview.number} />
            <Button type="submit" variant="danger">
              {t("helpdesk.merge.confirm")}
            </Button>
            <Link to={`/support/tickets/${ticketNumber}`} className={buttonClasses("secondary")}>
              {t("common.cancel")}
            </Link>
          </Form>
        </div>
      ) : (
        <Form method="post" className="space-y-3" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="merge-preview" />
          <input type="hidden" name="version" value={lock.version} />
          <input type="hidden" name="loadedAt" value={lock.loadedAt} />
          <TextField
            label={t("helpdesk.merge.targetLabel")}
            name="targetNumber"
            inputMode="numeric"
            pattern="[0-9]*"
            defaultValue={typedNumber ?? ""}
            error={error}
            hint={t("helpdesk.merge.hint")}
            autoComplete="off"
          />
          <Button type="submit" variant="secondary" className="w-full">
            {t("helpdesk.merge.check")}
          </Button>
        </Form>
      )}
    </Card>
  );
}
