import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { DeflectionSuggestions, DeflectionThanks, type Deflected } from "~/components/help-centre/deflection";
import type { loader as rootLoader } from "~/root";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { AttachmentsField } from "~/components/portal/fields";
import { PortalErrorPage } from "~/components/portal/portal-shell";
import { RequestFields } from "~/components/portal/web-request-form";
import { MarketingOptInField } from "~/components/marketing/marketing-opt-in";
import { recordOwnOptInNow } from "~/domain/marketing/consent/opt-in.server";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/layout";
import { portalRequestSchema, webFormFields } from "~/domain/channels/web-form/web-form-schema";
import { getWebFormSettings } from "~/domain/channels/web-form/web-form-settings.server";
import { createPortalRequest } from "~/domain/portal/portal-tickets.server";
import { redirectWithToast } from "~/lib/auth.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requireCustomer, viewerOf } from "~/lib/portal/portal-auth.server";
import { readProtectedUploadForm } from "~/lib/uploads.server";

export const meta: MetaFunction = () => [{ title: "Nouvelle demande · Espace client · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCustomer(request);
  const settings = await getWebFormSettings();
  return { types: settings.types };
}

/** A request opened from the portal: the customer is known, channel "portal". */
export async function action({ request }: ActionFunctionArgs) {
  const customer = await requireCustomer(request);
  const settings = await getWebFormSettings();
  const upload = await readProtectedUploadForm(request, { fileField: webFormFields.files });
  const parsed = parseForm(upload.form, portalRequestSchema(settings.types));
  const fieldErrors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors };
  for (const name of upload.oversizedFields) fieldErrors[name] = "validation.tooLong";
  if (upload.rejected.length > 0) fieldErrors[webFormFields.files] = "portal.files.someRefused";
  if (!parsed.ok || Object.keys(fieldErrors).length > 0) {
    const values: Record<string, string> = {};
    for (const name of ["type", "subject", "description", "marketingOptIn"]) values[name] = String(upload.form.get(name) ?? "");
    return data({ fieldErrors, values, filesToSelectAgain: upload.files.map((file) => file.filename), rejectedFiles: upload.rejected }, { status: 400 });
  }
  const { marketingOptIn, ...requestFields } = parsed.data;
  const { ticketNumber } = await createPortalRequest(viewerOf(customer), { ...requestFields, files: upload.files });
  if (marketingOptIn) await recordOwnOptInNow({ contactId: viewerOf(customer).contactId, source: "portal" });
  return redirectWithToast(`/portail/tickets/${ticketNumber}`, { kind: "success", message: "portal.newRequest.created", params: { number: ticketNumber } });
}

export default function PortalNewRequestPage() {
  const { types } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [fileProblems, setFileProblems] = useState(false);
  const [subject, setSubject] = useState("");
  const [deflected, setDeflected] = useState<Deflected | null>(null);
  const error = (name: string) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (name: string) => actionData?.values?.[name] ?? "";
  return (
    <>
      <PageHeader title={t("portal.newRequest.title")} description={t("portal.newRequest.intro")} />
      <div className="max-w-3xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        {deflected ? <DeflectionThanks deflected={deflected} onContinue={() => setDeflected(null)} /> : null}
        <Form
          method="post"
          encType="multipart/form-data"
          hidden={deflected !== null}
          className="space-y-5"
          noValidate
          onSubmit={(event) => {
            if (fileProblems) event.preventDefault();
          }}
        >
          <CsrfField />
          {actionData ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
          <RequestFields
            types={types}
            defaultType={value("type") || (types.length === 1 ? types[0] : "")}
            value={value}
            error={error}
            onSubjectChange={setSubject}
            afterSubject={
              <DeflectionSuggestions subject={subject} language={locale} channel="portal" proof={{ name: "csrf", value: root?.csrfToken ?? "" }} onAnswered={setDeflected} />
            }
          />
          <MarketingOptInField checked={value("marketingOptIn") === "on"} />
          <AttachmentsField
            name={webFormFields.files}
            error={error(webFormFields.files)}
            filesToSelectAgain={actionData?.filesToSelectAgain}
            rejected={actionData?.rejectedFiles}
            onProblemsChange={setFileProblems}
          />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? t("portal.form.sending") : t("portal.form.submit")}
          </Button>
        </Form>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <PortalErrorPage />;
}
