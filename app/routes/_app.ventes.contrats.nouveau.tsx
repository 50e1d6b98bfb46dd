import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ContractForm } from "~/components/sales/contract-form";
import { PageHeader } from "~/components/ui/layout";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { DomainError } from "~/domain/errors";
import { accessFor } from "~/domain/identity/permissions";
import { contractFormSchema } from "~/domain/sales/contract-schemas";
import { oneYearAfter } from "~/domain/sales/contract-status";
import { contractOwnerChoices, createContract } from "~/domain/sales/contracts.server";
import { dateInputValue, startOfWorkspaceDay, workspaceDayAfter } from "~/domain/sales/document-dates";
import { companyForFilter } from "~/domain/sales/quotes.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouveau contrat · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const companyId = new URL(request.url).searchParams.get("companyId");
  const company = companyId ? await companyForFilter(companyId) : null;
  if (companyId && !company) throw notFound();
  const today = new Date();
  const owners = accessFor(user, "create:deal") === "any" ? await contractOwnerChoices() : [];
  return {
    company,
    owners,
    defaults: {
      startDate: dateInputValue(startOfWorkspaceDay(today)),
      endDate: dateInputValue(workspaceDayAfter(oneYearAfter(startOfWorkspaceDay(today)), -1)),
      renewal: "tacit",
      reminderDays: "60",
      ownerId: user.id,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const form = await readProtectedForm(request);
  const refuse = (fieldErrors: FieldErrors, formError?: MessageKey) => data({ fieldErrors, formError, values: submittedValues(form) }, { status: 400 });
  const company = await resolveCompanyChoice(form);
  const parsed = parseForm(form, contractFormSchema);
  if (!company.ok || !parsed.ok) return refuse({ ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyName: company.error }) });
  try {
    const { contractId } = await createContract(user, parsed.data);
    return redirectWithToast(`/ventes/contrats/${contractId}`, { kind: "success", message: "sales.contract.created" });
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return refuse(error.field ? { [error.field]: error.code } : {}, error.code);
    }
    throw error;
  }
}

export default function NewContractPage() {
  const { company, owners, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const submitted = actionData ? Object.fromEntries(Object.entries(actionData.values).map(([name, value]) => [name, Array.isArray(value) ? (value[0] ?? "") : value])) : null;
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.contract.title"), to: "/ventes/contrats" }, { label: t("sales.contract.new") }]} />
      <PageHeader title={t("sales.contract.newTitle")} description={company?.name} />
      <ContractForm
        values={submitted ?? defaults}
        fieldErrors={actionData?.fieldErrors}
        formError={actionData?.formError ? t(actionData.formError) : null}
        company={company}
        owners={owners}
        submitLabel={t("sales.contract.create")}
        cancelTo={company ? `/clients/societes/${company.id}` : "/ventes/contrats"}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
