import { useEffect, useState } from "react";
import { LIFECYCLE_STAGES, PROSPECT_SOURCES } from "~/domain/sales/lifecycle";
import { useI18n } from "../i18n";
import { SelectField, TextField } from "../ui/field";

/**
 * The lifecycle part of the company form: prospect, client or former client, where the prospect
 * came from, since when it is a client, when and why it was lost. Without JavaScript every field
 * shows; with it, the loss fields appear for a former client. Saved through normaliseLifecycle.
 */
export function LifecycleFields({ value, error }: { value: (name: "lifecycleStage" | "prospectSource" | "clientSince" | "lostAt" | "lostReason") => string; error: (name: string) => string | null }) {
  const { t } = useI18n();
  const [hydrated, setHydrated] = useState(false);
  const [stage, setStage] = useState(value("lifecycleStage") || "prospect");
  useEffect(() => setHydrated(true), []);
  const showLoss = !hydrated || stage === "former_client" || Boolean(error("lostAt") || error("lostReason"));
  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-900">{t("sales.company.lifecycle")}</legend>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t("sales.lifecycle.stage")}
          name="lifecycleStage"
          value={stage}
          onChange={(event) => setStage(event.target.value)}
          error={error("lifecycleStage")}
          options={LIFECYCLE_STAGES.map((option) => ({ value: option, label: t(`sales.lifecycle.${option}`) }))}
        />
        <SelectField
          label={t("sales.company.prospectSource")}
          name="prospectSource"
          defaultValue={value("prospectSource")}
          error={error("prospectSource")}
          options={[{ value: "", label: t("sales.lifecycle.noSource") }, ...PROSPECT_SOURCES.map((source) => ({ value: source, label: t(`sales.source.${source}`) }))]}
        />
        <TextField
          label={t("sales.company.clientSince")}
          name="clientSince"
          type="date"
          defaultValue={value("clientSince")}
          error={error("clientSince")}
          hint={t("sales.lifecycle.clientSinceHint")}
        />
      </div>
      {showLoss ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label={t("sales.company.lostAt")} name="lostAt" type="date" defaultValue={value("lostAt")} error={error("lostAt")} hint={t("sales.lifecycle.lostHint")} />
          <TextField label={t("sales.lifecycle.lostReason")} name="lostReason" maxLength={300} defaultValue={value("lostReason")} error={error("lostReason")} className="sm:col-span-2" />
        </div>
      ) : null}
    </fieldset>
  );
}
