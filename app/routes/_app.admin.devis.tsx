import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert, TextareaField, TextField } from "~/components/ui/field";
import { Card } from "~/components/ui/layout";
import { paymentTermSuggestions, sellerIdentitySchema, type SellerIdentityField } from "~/domain/sales/seller-identity";
import { loadSellerIdentity, saveSellerIdentity } from "~/domain/sales/seller-identity.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Devis et mentions · Comptoir" }];

/** Administration › Devis et mentions: the seller identity and legal mentions printed on quotes. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const stored = await loadSellerIdentity();
  const values: Record<string, string> = stored.complete
    ? Object.fromEntries(Object.entries(stored.identity).map(([key, value]) => [key, String(value)]))
    : { country: "FR", quoteValidityDays: "30", ...stored.values };
  return { values, complete: stored.complete };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, sellerIdentitySchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const { changed } = await saveSellerIdentity(parsed.data, admin.id);
  return redirectWithToast("/admin/devis", changed.length > 0 ? { kind: "success", message: "sales.seller.saved" } : { kind: "info", message: "sales.seller.unchanged" });
}

type FieldName = SellerIdentityField;

export default function SellerIdentityPage() {
  const { values, complete } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const value = (name: FieldName) => {
    const submitted = actionData?.values?.[name];
    return typeof submitted === "string" ? submitted : (values[name] ?? "");
  };
  const error = (name: FieldName) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const field = (name: FieldName, extra: { hint?: string; className?: string; type?: string; inputMode?: "numeric" | "email" | "tel"; autoComplete?: string; list?: string } = {}) => (
    <TextField
      key={name}
      name={name}
      label={t(`sales.seller.${name}` as MessageKey)}
      defaultValue={value(name)}
      error={error(name)}
      {...extra}
    />
  );
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("sales.seller.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("sales.seller.intro")}</p>
      </div>
      {!complete && !actionData ? <FormAlert>{t("sales.seller.incompleteBanner")}</FormAlert> : null}
      {actionData?.fieldErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <Form method="post" className="space-y-6" noValidate>
        <CsrfField />
        <Card title={t("sales.seller.identity")}>
          <div className="grid gap-4 md:grid-cols-2">
            {field("legalName", { autoComplete: "organization" })}
            {field("legalForm", { hint: t("sales.seller.legalFormHint") })}
            {field("shareCapital", { hint: t("sales.seller.shareCapitalHint") })}
            {field("street", { autoComplete: "street-address" })}
            {field("postalCode", { inputMode: "numeric", autoComplete: "postal-code" })}
            {field("city", { autoComplete: "address-level2" })}
            {field("country", { className: "max-w-[10rem]" })}
            {field("phone", { type: "tel", autoComplete: "tel" })}
            {field("email", { type: "email", autoComplete: "email" })}
          </div>
        </Card>
        <Card title={t("sales.seller.registration")}>
          <div className="grid gap-4 md:grid-cols-2">
            {field("siren", { inputMode: "numeric", hint: t("sales.seller.sirenHint") })}
            {field("siret", { inputMode: "numeric", hint: t("sales.seller.siretHint") })}
            {field("vatNumber", { hint: t("sales.seller.vatNumberHint") })}
            {field("rcsCity", { hint: t("sales.seller.rcsCityHint") })}
          </div>
        </Card>
        <Card title={t("sales.seller.terms")}>
          <div className="grid gap-4 md:grid-cols-2">
            {field("paymentTerms", { hint: t("sales.seller.paymentTermsHint"), list: "payment-term-suggestions" })}
            <datalist id="payment-term-suggestions">
              {paymentTermSuggestions.map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
            {field("quoteValidityDays", { type: "number", inputMode: "numeric", className: "max-w-xs" })}
            <TextareaField
              name="latePenalty"
              label={t("sales.seller.latePenalty")}
              hint={t("sales.seller.latePenaltyHint")}
              rows={3}
              defaultValue={value("latePenalty")}
              error={error("latePenalty")}
              className="md:col-span-2"
            />
            <p className="text-sm text-slate-600 md:col-span-2">
              <span className="font-medium text-slate-800">{t("sales.seller.recoveryIndemnity")}</span> — {t("sales.seller.recoveryIndemnityHint", { text: t("sales.pdf.recoveryIndemnity") })}
            </p>
            <TextareaField name="footer" label={t("sales.seller.footer")} hint={t("sales.seller.footerHint")} rows={2} defaultValue={value("footer")} error={error("footer")} className="md:col-span-2" />
          </div>
        </Card>
        <Card title={t("sales.seller.bank")}>
          <div className="grid gap-4 md:grid-cols-2">
            {field("iban")}
            {field("bic", { className: "max-w-xs" })}
          </div>
        </Card>
        <Button type="submit" disabled={busy}>
          {t("common.save")}
        </Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
