import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ContactForm } from "~/components/customers/contact-form";
import { useI18n } from "~/components/i18n";
import { PageHeader } from "~/components/ui/layout";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { getContactForEdit, updateContact } from "~/domain/customers/contact-records.server";
import { contactDisplayName } from "~/domain/customers/contacts.server";
import { describeRefusal } from "~/domain/customers/customer-errors";
import { contactFormSchema } from "~/domain/customers/customer-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Modifier le contact · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "update:customer");
  const contact = await getContactForEdit(params.contactId ?? "");
  if (!contact) throw notFound();
  return { contact, name: contactDisplayName(contact, contact.emails[0]?.address ?? "") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:customer");
  const contactId = params.contactId ?? "";
  if (!(await getContactForEdit(contactId))) throw notFound();
  const form = await readProtectedForm(request);
  const company = await resolveCompanyChoice(form);
  const parsed = parseForm(form, contactFormSchema);
  if (!parsed.ok || !company.ok) {
    const fieldErrors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyId: company.error }) };
    return data({ fieldErrors, values: submittedValues(form), formError: null, conflict: null }, { status: 400 });
  }
  try {
    await updateContact(contactId, parsed.data, user.id);
  } catch (error) {
    const refusal = describeRefusal(error, submittedValues(form));
    if (!refusal) throw error;
    return data(refusal, { status: 409 });
  }
  return redirectWithToast(`/clients/contacts/${contactId}`, { kind: "success", message: "customers.contacts.saved" });
}

export default function EditContactPage() {
  const { contact, name } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const { t } = useI18n();
  const here = `/clients/contacts/${contact.id}`;
  const primaryIndex = Math.max(0, contact.emails.findIndex((email) => email.isPrimary));
  return (
    <>
      <Breadcrumb items={[{ label: t("clients.title"), to: "/clients" }, { label: name || t("customers.contacts.unnamed"), to: here }, { label: t("customers.contacts.edit") }]} />
      <PageHeader title={t("customers.contacts.edit")} description={name} />
      <ContactForm
        values={{
          firstName: contact.firstName,
          lastName: contact.lastName,
          jobTitle: contact.jobTitle,
          emails: contact.emails.map((email) => email.address),
          primaryIndex,
          phone: contact.phone,
          companyId: contact.companyId ?? "",
          companyName: contact.company?.name ?? "",
          language: contact.language,
          consentState: "",
          consentBasis: "",
          portalAccess: contact.portalAccess,
          companyManager: contact.companyManager,
          version: contact.version,
        }}
        feedback={feedback}
        submitLabel={t("common.save")}
        cancelTo={here}
      />
    </>
  );
}
