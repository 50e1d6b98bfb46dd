import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { FileSample } from "~/components/imports/file-sample";
import { ImportSteps } from "~/components/imports/import-steps";
import { Button, ButtonLink } from "~/components/ui/button";
import { FormAlert, SelectField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { isImportSeparator, importSeparators } from "~/domain/imports/delimited-text";
import { importEncodings, isImportEncoding } from "~/domain/imports/file-reading.server";
import { readImportSample, updateImportJob } from "~/domain/imports/import-jobs.server";
import { isEditableImport } from "~/domain/imports/import-status";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { requireImportJob } from "~/lib/imports/import-route.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Import : lecture du fichier · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  if (!isEditableImport(job.status)) throw redirect(`/clients/imports/${job.id}`);
  let sample: Awaited<ReturnType<typeof readImportSample>> = null;
  let readError: MessageKey | null = null;
  try {
    sample = await readImportSample(job.id, 10);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    readError = error.code;
  }
  return {
    job: { id: job.id, fileName: job.fileName, entity: job.entity, kind: job.kind, encoding: job.encoding, separator: job.separator, totalRows: job.totalRows },
    sample,
    readError,
    encodings: importEncodings,
    separators: importSeparators,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const form = await readProtectedForm(request);
  const encoding = String(form.get("encoding") ?? "");
  const separator = String(form.get("separator") ?? "");
  if (!isImportEncoding(encoding) || !isImportSeparator(separator)) return data({ error: "validation.choose" as MessageKey }, { status: 400 });
  try {
    await updateImportJob(user, job.id, { encoding, separator });
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.code }, { status: 400 });
    throw error;
  }
  return redirectWithToast(`/clients/imports/${job.id}/fichier`, { kind: "success", message: "importWizard.file.reread" });
}

export default function ImportFilePage() {
  const { job, sample, readError, encodings, separators } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, format } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("importWizard.title"), to: "/clients/imports" }, { label: job.fileName }]} />
      <PageHeader title={t("importWizard.file.title", { file: job.fileName })} description={t(`import.entity.${job.entity}`)} />
      <ImportSteps importId={job.id} current="file" />
      {job.kind === "csv" ? (
        <Card title={t("importWizard.file.howRead")} className="mb-6">
          <p className="mb-4 text-sm text-slate-600">{t("importWizard.file.howReadIntro")}</p>
          <Form method="post" className="flex flex-wrap items-end gap-3">
            <CsrfField />
            <SelectField
              label={t("importWizard.file.encoding")}
              name="encoding"
              defaultValue={job.encoding}
              className="w-56"
              options={encodings.map((value) => ({ value, label: t(`importWizard.encoding.${value}`) }))}
            />
            <SelectField
              label={t("importWizard.file.separator")}
              name="separator"
              defaultValue={job.separator}
              className="w-48"
              options={separators.map((value) => ({ value, label: t(`importWizard.separator.${value === ";" ? "semicolon" : value === "," ? "comma" : "tab"}`) }))}
            />
            <Button type="submit" variant="secondary">
              {t("importWizard.file.reread")}
            </Button>
          </Form>
          {answer?.error ? <FormAlert>{t(answer.error)}</FormAlert> : null}
        </Card>
      ) : null}
      {readError ? <FormAlert>{t(readError)}</FormAlert> : null}
      {sample ? (
        <section aria-labelledby="file-sample" className="mb-6">
          <h2 id="file-sample" className="mb-2 text-base font-semibold text-slate-900">
            {t("importWizard.file.sampleTitle", { shown: format.number(sample.rows.length), total: format.number(sample.totalRows) })}
          </h2>
          <FileSample headers={sample.headers} rows={sample.rows} />
        </section>
      ) : null}
      <div className="flex items-center gap-3">
        <ButtonLink to={`/clients/imports/${job.id}/colonnes`} variant="primary">
          {t("importWizard.file.next")}
        </ButtonLink>
        <Link to="/clients/imports" className="text-sm text-slate-600 hover:underline">
          {t("importWizard.backToImports")}
        </Link>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
