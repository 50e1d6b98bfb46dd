import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CompanyForm, emptyCompany } from "~/components/customers/company-form";
import { useI18n } from "~/components/i18n";
import { PageHeader } from "~/components/ui/layout";
import { createCompany, listCompanyOwners } from "~/domain/customers/company-records.server";
import { describeRefusal } from "~/domain/customers/customer-errors";
import { companyFormSchema } from "~/domain/customers/customer-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouvelle société · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:customer");
  // A sales rep creating an account usually owns it.
  return { owners: await listCompanyOwners(), defaultOwnerId: user.role === "sales" ? user.id : "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:customer");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, companyFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null, conflict: null }, { status: 400 });
  try {
    const company = await createCompany(parsed.data, user.id);
    return redirectWithToast(`/clients/societes/${company.id}`, { kind: "success", message: "customers.companies.created", params: { name: parsed.data.name } });
  } catch (error) {
    const refusal = describeRefusal(error, submittedValues(form));
    if (!refusal) throw error;
    return data(refusal, { status: 409 });
  }
}

export default function NewCompanyPage() {
  const { owners, defaultOwnerId } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("clients.title"), to: "/clients" }, { label: t("customers.companies.title"), to: "/clients" }, { label: t("customers.companies.new") }]} />
      <PageHeader title={t("customers.companies.new")} />
      <CompanyForm values={{ ...emptyCompany, ownerId: defaultOwnerId }} owners={owners} feedback={feedback} submitLabel={t("common.create")} cancelTo="/clients" />
    </>
  );
}
