import { Form } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { SelectField, TextareaField } from "../ui/field";
import type { LossReasonChoice } from "./deal-move-form";

export type PendingLoss = { dealId: string; dealTitle: string; version: number; stageId: string; stageName: string };

/**
 * Asked when a deal is dropped on (or sent to) a lost stage: why it was lost, and a note. A modal
 * <dialog> (focus kept inside, Escape cancels); its form posts the move like the card's menu does.
 */
export function LossReasonDialog({
  pending,
  lossReasons,
  action,
  back,
  onCancel,
  onSubmit,
}: {
  pending: PendingLoss | null;
  lossReasons: LossReasonChoice[];
  action: string;
  back: string;
  onCancel: () => void;
  onSubmit?: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (pending && !element.open) element.showModal();
    if (!pending && element.open) element.close();
  }, [pending]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      className="w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      data-testid="loss-dialog"
    >
      {pending ? (
        <Form method="post" action={action} preventScrollReset className="space-y-4 p-5" onSubmit={onSubmit}>
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {t("sales.lossDialog.title", { title: pending.dealTitle })}
          </h2>
          <p className="text-sm text-slate-600">{t("sales.lossDialog.intro", { stage: pending.stageName })}</p>
          <CsrfField />
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="dealId" value={pending.dealId} />
          <input type="hidden" name="version" value={pending.version} />
          <input type="hidden" name="stageId" value={pending.stageId} />
          <input type="hidden" name="back" value={back} />
          <SelectField
            label={t("sales.move.lossReason")}
            name="lossReasonId"
            required
            defaultValue=""
            autoFocus
            options={[{ value: "", label: t("sales.move.chooseReason") }, ...lossReasons.map((reason) => ({ value: reason.id, label: reason.label }))]}
          />
          <TextareaField label={t("sales.move.lossNote")} name="lossNote" rows={3} maxLength={1000} />
          <div className="flex justify-end gap-3">
            <Button type="button" variant="secondary" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button type="submit">{t("sales.lossDialog.confirm")}</Button>
          </div>
        </Form>
      ) : null}
    </dialog>
  );
}
