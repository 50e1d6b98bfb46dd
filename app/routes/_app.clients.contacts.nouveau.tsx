import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ContactForm, emptyContact } from "~/components/customers/contact-form";
import { useI18n } from "~/components/i18n";
import { PageHeader } from "~/components/ui/layout";
import { companyRef } from "~/domain/customers/company-queries.server";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { createContact } from "~/domain/customers/contact-records.server";
import { describeRefusal } from "~/domain/customers/customer-errors";
import { contactFormSchema } from "~/domain/customers/customer-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouveau contact · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "create:customer");
  const company = await companyRef(new URL(request.url).searchParams.get("societe") ?? "");
  return { company };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:customer");
  const form = await readProtectedForm(request);
  const company = await resolveCompanyChoice(form);
  const parsed = parseForm(form, contactFormSchema);
  if (!parsed.ok || !company.ok) {
    const fieldErrors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyId: company.error }) };
    return data({ fieldErrors, values: submittedValues(form), formError: null, conflict: null }, { status: 400 });
  }
  try {
    const contact = await createContact(parsed.data, user.id);
    const name = `${parsed.data.firstName} ${parsed.data.lastName}`.trim() || parsed.data.emails[0]?.address || parsed.data.phone;
    return redirectWithToast(`/clients/contacts/${contact.id}`, { kind: "success", message: "customers.contacts.created", params: { name } });
  } catch (error) {
    const refusal = describeRefusal(error, submittedValues(form));
    if (!refusal) throw error;
    return data(refusal, { status: 409 });
  }
}

export default function NewContactPage() {
  const { company } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const { t } = useI18n();
  const back = company ? `/clients/societes/${company.id}` : "/clients/contacts";
  return (
    <>
      <Breadcrumb
        items={[
          { label: t("clients.title"), to: "/clients" },
          company ? { label: company.name, to: back } : { label: t("customers.contacts.title"), to: back },
          { label: t("customers.contacts.new") },
        ]}
      />
      <PageHeader title={t("customers.contacts.new")} description={company?.name} />
      <ContactForm values={{ ...emptyContact, companyId: company?.id ?? "", companyName: company?.name ?? "" }} feedback={feedback} submitLabel={t("common.create")} cancelTo={back} />
    </>
  );
}
