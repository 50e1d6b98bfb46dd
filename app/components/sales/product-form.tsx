import { Form, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { FormAlert, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { formatPercent, productUnits, vatRatesBps } from "~/domain/sales/money";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export type ProductFormValues = { reference: string; name: string; description: string; unit: string; unitPrice: string; vatRate: string; version?: string };

/** The options of a VAT select: the five French rates, "20 %" first. */
export function useVatOptions() {
  const { t, locale } = useI18n();
  return vatRatesBps.map((rate) => ({ value: String(rate), label: rate === 0 ? t("sales.vat.zero") : formatPercent(rate, locale) }));
}

export function useUnitOptions() {
  const { t } = useI18n();
  return productUnits.map((unit) => ({ value: unit, label: t(`sales.unit.${unit}` as MessageKey) }));
}

/** Create or edit a product of the price list. */
export function ProductForm({ values, fieldErrors, cancelTo, submitLabel }: { values: ProductFormValues; fieldErrors?: FieldErrors; cancelTo: string; submitLabel: string }) {
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  const error = (name: keyof ProductFormValues) => {
    const key = fieldErrors?.[name];
    return key ? t(key) : null;
  };
  return (
    <Form method="post" className="max-w-3xl space-y-4" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="save" />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {fieldErrors && Object.keys(fieldErrors).length > 0 ? <FormAlert>{fieldErrors.form ? t(fieldErrors.form) : t("common.formHasErrors")}</FormAlert> : null}
      <div className="grid gap-4 md:grid-cols-[12rem_1fr]">
        <TextField name="reference" label={t("sales.product.reference")} defaultValue={values.reference} error={error("reference")} hint={t("sales.product.referenceHint")} autoCapitalize="characters" />
        <TextField name="name" label={t("sales.product.name")} defaultValue={values.name} error={error("name")} />
      </div>
      <TextareaField name="description" label={t("sales.product.description")} defaultValue={values.description} error={error("description")} rows={3} />
      <div className="grid gap-4 md:grid-cols-3">
        <SelectField name="unit" label={t("sales.product.unit")} defaultValue={values.unit} error={error("unit")} options={useUnitOptions()} />
        <TextField name="unitPrice" label={t("sales.product.unitPrice")} defaultValue={values.unitPrice} error={error("unitPrice")} inputMode="decimal" hint={t("sales.product.unitPriceHint")} />
        <SelectField name="vatRate" label={t("sales.product.vatRate")} defaultValue={values.vatRate} error={error("vatRate")} options={useVatOptions()} />
      </div>
      <div className="flex gap-3">
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        <ButtonLink to={cancelTo}>{t("common.cancel")}</ButtonLink>
      </div>
    </Form>
  );
}
