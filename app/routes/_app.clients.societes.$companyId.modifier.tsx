import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CompanyForm } from "~/components/customers/company-form";
import { useI18n } from "~/components/i18n";
import { PageHeader } from "~/components/ui/layout";
import { getCompanyForEdit, listCompanyOwners, updateCompany } from "~/domain/customers/company-records.server";
import { describeRefusal } from "~/domain/customers/customer-errors";
import { companyFormSchema } from "~/domain/customers/customer-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Modifier la société · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "update:customer");
  const company = await getCompanyForEdit(params.companyId ?? "");
  if (!company) throw notFound();
  const owners = await listCompanyOwners();
  // An owner who left sales (or the company) stays selectable until someone picks another one.
  const { currentOwner, ...fields } = company;
  if (currentOwner && !owners.some((owner) => owner.id === currentOwner.id)) owners.push(currentOwner);
  return { company: fields, owners };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:customer");
  const companyId = params.companyId ?? "";
  if (!(await getCompanyForEdit(companyId))) throw notFound();
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, companyFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null, conflict: null }, { status: 400 });
  try {
    await updateCompany(companyId, parsed.data, user.id);
  } catch (error) {
    const refusal = describeRefusal(error, submittedValues(form));
    if (!refusal) throw error;
    return data(refusal, { status: 409 });
  }
  return redirectWithToast(`/clients/societes/${companyId}`, { kind: "success", message: "customers.companies.saved" });
}

export default function EditCompanyPage() {
  const { company, owners } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const { t } = useI18n();
  const here = `/clients/societes/${company.id}`;
  return (
    <>
      <Breadcrumb
        items={[{ label: t("clients.title"), to: "/clients" }, { label: company.name, to: here }, { label: t("customers.companies.edit") }]}
      />
      <PageHeader title={t("customers.companies.edit")} description={company.name} />
      <CompanyForm
        values={{ ...company, size: company.size ?? "", ownerId: company.ownerId ?? "", prospectSource: company.prospectSource ?? "" }}
        owners={owners}
        feedback={feedback}
        submitLabel={t("common.save")}
        cancelTo={here}
      />
    </>
  );
}
