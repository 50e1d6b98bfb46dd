import { useState } from "react";
import { consentLegalBases, type ImportConsentStatement } from "~/domain/imports/import-options";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";
import { SelectField, TextField } from "../ui/field";
import { Card } from "../ui/layout";

/**
 * An import never invents marketing consent: the importer records none, or states the legal
 * basis and where the addresses come from. Addresses on the suppression list stay suppressed.
 */
export function ConsentStatementFields({ consent, error }: { consent: ImportConsentStatement; error?: MessageKey }) {
  const { t } = useI18n();
  const [kind, setKind] = useState(consent.kind);
  return (
    <Card title={t("importWizard.consent.title")}>
      <fieldset className="space-y-3">
        <legend className="text-sm text-slate-600">{t("importWizard.consent.intro")}</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="consent.kind" value="none" defaultChecked={consent.kind === "none"} onChange={() => setKind("none")} className="mt-1" />
          <span>{t("import.consent.none")}</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="consent.kind" value="record" defaultChecked={consent.kind === "record"} onChange={() => setKind("record")} className="mt-1" />
          <span>{t("importWizard.consent.record")}</span>
        </label>
        <div className="grid gap-3 pl-6 sm:grid-cols-2" aria-disabled={kind !== "record"}>
          <SelectField
            label={t("importWizard.consent.legalBasis")}
            name="consent.legalBasis"
            defaultValue={consent.kind === "record" ? consent.legalBasis : "opt_in"}
            options={consentLegalBases.map((value) => ({ value, label: t(`importWizard.consent.basis.${value}`) }))}
          />
          <TextField
            label={t("importWizard.consent.source")}
            name="consent.source"
            defaultValue={consent.kind === "record" ? consent.source : ""}
            placeholder={t("importWizard.consent.sourcePlaceholder")}
            error={error ? t(error) : null}
          />
        </div>
        <p className="text-xs text-slate-500">{t("importWizard.consent.suppressed")}</p>
      </fieldset>
    </Card>
  );
}
