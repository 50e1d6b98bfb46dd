import { useI18n } from "~/components/i18n";
import { CheckboxField } from "~/components/ui/field";
import { MARKETING_OPT_IN_FIELD } from "~/domain/marketing/consent/opt-in";

/** The explicit marketing opt-in: unticked unless the person ticked it before a refused submit. */
export function MarketingOptInField({ checked = false }: { checked?: boolean }) {
  const { t } = useI18n();
  return <CheckboxField name={MARKETING_OPT_IN_FIELD} label={t("consent.optIn.label")} hint={t("consent.optIn.hint")} defaultChecked={checked} />;
}
