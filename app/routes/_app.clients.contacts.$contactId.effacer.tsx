import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { eraseContact, erasurePreview, contactToErase, type ErasureCounts } from "~/domain/privacy/erasure.server";
import { erasureFormSchema } from "~/domain/privacy/erasure-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Effacer un contact · Comptoir" }];

/** Erasure of a person (RGPD art. 17), administrators only: what will be erased, then a typed confirmation. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "delete:privacy");
  const contact = await contactToErase(params.contactId ?? "");
  if (!contact) throw notFound();
  if (contact.erasedAt) return redirectWithToast(`/clients/contacts/${contact.id}`, { kind: "info", message: "privacy.erasure.already" });
  const { counts } = await erasurePreview(contact.id);
  return data({ contact: { id: contact.id, name: contact.name }, counts });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "delete:privacy");
  const contact = await contactToErase(params.contactId ?? "");
  if (!contact) throw notFound();
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, erasureFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { alreadyErased } = await eraseContact({ contactId: contact.id, actorId: user.id, reason: "request" });
  return redirectWithToast(`/clients/contacts/${contact.id}`, { kind: alreadyErased ? "info" : "success", message: alreadyErased ? "privacy.erasure.already" : "privacy.erasure.done" });
}

const countedKinds = [
  "addresses",
  "tickets",
  "messages",
  "attachments",
  "ratings",
  "campaignDeliveries",
  "consentRecords",
  "inboundEmails",
  "outboundEmails",
  "portalAccesses",
  "activities",
  "archives",
] as const satisfies ReadonlyArray<keyof ErasureCounts>;

export default function EraseContactPage() {
  const { contact, counts } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const here = `/clients/contacts/${contact.id}`;
  const name = contact.name || t("customers.contacts.unnamed");
  const error = feedback?.fieldErrors?.confirmation as MessageKey | undefined;
  return (
    <>
      <Breadcrumb items={[{ label: t("clients.title"), to: "/clients" }, { label: name, to: here }, { label: t("privacy.erasure.pageTitle") }]} />
      <PageHeader title={t("privacy.erasure.pageTitle")} description={name} />
      <Card title={t("privacy.erasure.whatTitle")}>
        <p className="mb-4 text-sm text-slate-700">{t("privacy.erasure.intro", { name })}</p>
        <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-slate-800" data-testid="erasure-counts">
          <li>{t("privacy.erasure.kind.identity")}</li>
          {countedKinds.map((kind) => (
            <li key={kind} data-kind={kind}>
              {t(`privacy.erasure.kind.${kind}`, { count: format.number(counts[kind]) })}
            </li>
          ))}
          <li>{t("privacy.erasure.kind.mentions")}</li>
        </ul>
        <p className="mb-6 text-sm text-slate-600">{t("privacy.erasure.kept")}</p>
        <Form method="post" className="max-w-md space-y-4" noValidate>
          <CsrfField />
          <TextField
            name="confirmation"
            label={t("privacy.erasure.confirmLabel")}
            hint={t("privacy.erasure.confirmHint")}
            error={error ? t(error) : undefined}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <div className="flex flex-wrap gap-3">
            <Button type="submit" variant="danger" disabled={navigation.state === "submitting"}>
              {t("privacy.erasure.submit")}
            </Button>
            <ButtonLink to={here}>{t("common.cancel")}</ButtonLink>
          </div>
        </Form>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
