import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { StageKind } from "~/domain/sales/stage-kinds";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { SelectField, TextareaField } from "../ui/field";

export type StageChoice = { id: string; name: string; kind: StageKind; probability: number };
export type LossReasonChoice = { id: string; label: string };

/**
 * The deal page's stage control: a plain form (works without JavaScript). A lost stage needs a
 * reason; its fields are always there without JavaScript and appear when a lost stage is chosen
 * with it.
 */
export function DealMoveForm({
  dealId,
  version,
  currentStageId,
  initialStageId,
  stages,
  lossReasons,
  errors,
}: {
  dealId: string;
  version: number;
  currentStageId: string;
  /** The stage to offer first (the kanban sends a lost move without a reason here). */
  initialStageId?: string | null;
  stages: StageChoice[];
  lossReasons: LossReasonChoice[];
  errors?: { stageId?: string | null; lossReasonId?: string | null; lossNote?: string | null };
}) {
  const { t } = useI18n();
  const [hydrated, setHydrated] = useState(false);
  const start = initialStageId && stages.some((stage) => stage.id === initialStageId) ? initialStageId : currentStageId;
  const [stageId, setStageId] = useState(start);
  useEffect(() => setHydrated(true), []);
  useEffect(() => setStageId(start), [start, version]);
  const chosen = stages.find((stage) => stage.id === stageId);
  const showLoss = !hydrated || chosen?.kind === "lost" || Boolean(errors?.lossReasonId);
  return (
    <Form method="post" className="space-y-3" noValidate data-testid="deal-move-form">
      <CsrfField />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="dealId" value={dealId} />
      <input type="hidden" name="version" value={version} />
      <SelectField
        label={t("sales.move.stage")}
        name="stageId"
        value={stageId}
        onChange={(event) => setStageId(event.target.value)}
        error={errors?.stageId}
        options={stages.map((stage) => ({ value: stage.id, label: stage.id === currentStageId ? t("sales.move.current", { stage: stage.name }) : stage.name }))}
      />
      {showLoss ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">{t("sales.move.lossLegend")}</legend>
          <SelectField
            label={t("sales.move.lossReason")}
            name="lossReasonId"
            defaultValue=""
            error={errors?.lossReasonId}
            options={[{ value: "", label: t("sales.move.chooseReason") }, ...lossReasons.map((reason) => ({ value: reason.id, label: reason.label }))]}
          />
          <TextareaField label={t("sales.move.lossNote")} name="lossNote" rows={2} maxLength={1000} error={errors?.lossNote} />
        </fieldset>
      ) : null}
      <Button type="submit" disabled={hydrated && stageId === currentStageId}>
        {t("sales.move.submit")}
      </Button>
    </Form>
  );
}
