import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CompanyPicker } from "~/components/customers/company-picker";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { DealForm } from "~/components/sales/deal-form";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/layout";
import { companyRef, findCompanyByTypedName } from "~/domain/customers/company-queries.server";
import { DomainError } from "~/domain/errors";
import { createDeal } from "~/domain/sales/deal-commands.server";
import { companyContactChoices, dealOwnerChoices } from "~/domain/sales/deal-queries.server";
import { dealFormSchema } from "~/domain/sales/deal-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouvelle affaire · Comptoir" }];

/**
 * A new deal: first its company (from the company page's link, or picked here), then the form
 * with that company's contacts. `?companyId=…&contactId=…` prefill both.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const params = new URL(request.url).searchParams;
  const typed = (params.get("companyName") ?? "").trim();
  let company = await companyRef(params.get("companyId") ?? "");
  if (company && typed && company.name.toLocaleLowerCase("fr") !== typed.toLocaleLowerCase("fr")) company = null;
  if (!company && typed) {
    const match = await findCompanyByTypedName(typed);
    if (match.kind === "one") return redirect(`/ventes/affaires/nouvelle?companyId=${encodeURIComponent(match.id)}`);
    const error: MessageKey = match.kind === "none" ? "customers.contact.companyNotFound" : "customers.contact.companyAmbiguous";
    return { step: "company" as const, typed, error };
  }
  // "Continue" pressed with nothing typed.
  if (!company) return { step: "company" as const, typed: "", error: params.has("choix") ? ("validation.required" as MessageKey) : null };
  const [contacts, owners] = await Promise.all([companyContactChoices(company.id), dealOwnerChoices(user)]);
  const contactId = contacts.some((contact) => contact.id === params.get("contactId")) ? params.get("contactId")! : "";
  const ownerId = owners.some((owner) => owner.id === user.id) ? user.id : (owners[0]?.id ?? "");
  return { step: "deal" as const, company, contacts, owners, contactId, ownerId };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, dealFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null }, { status: 400 });
  try {
    const deal = await createDeal(user, parsed.data);
    return redirectWithToast(`/ventes/affaires/${deal.id}`, { kind: "success", message: "sales.deal.created", params: { title: parsed.data.title } });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { fieldErrors: error.field ? { [error.field]: error.code } : {}, values: submittedValues(form), formError: error.field ? null : error.code },
      { status: 409 },
    );
  }
}

export default function NewDealPage() {
  const page = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.tabs.deals"), to: "/ventes/affaires" }, { label: t("sales.deal.new") }]} />
      <PageHeader title={t("sales.deal.new")} />
      {page.step === "company" ? (
        <Form method="get" className="max-w-xl space-y-4">
          <input type="hidden" name="choix" value="1" />
          <CompanyPicker
            label={t("sales.deal.company")}
            defaultId=""
            defaultName={page.typed}
            error={page.error ? t(page.error) : null}
            hint={t("sales.deal.companyHint")}
            placeholder={t("sales.deal.companyPlaceholder")}
          />
          <Button type="submit">{t("sales.deal.continue")}</Button>
        </Form>
      ) : (
        <DealForm
          values={{
            title: "",
            companyId: page.company.id,
            companyName: page.company.name,
            contactId: page.contactId,
            ownerId: page.ownerId,
            amount: "",
            expectedCloseDate: "",
            source: "other",
            notes: "",
          }}
          contacts={page.contacts}
          owners={page.owners}
          feedback={feedback}
          submitLabel={t("sales.deal.create")}
          cancelTo={`/clients/societes/${page.company.id}`}
          changeCompanyTo="/ventes/affaires/nouvelle"
          action={`/ventes/affaires/nouvelle?companyId=${encodeURIComponent(page.company.id)}`}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
