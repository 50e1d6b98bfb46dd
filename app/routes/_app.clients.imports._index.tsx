import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ClientsTabs } from "~/components/customers/clients-nav";
import { Pager } from "~/components/customers/pager";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ImportStatusBadge } from "~/components/imports/import-status-badge";
import { Button } from "~/components/ui/button";
import { FieldFrame, FormAlert, SelectField, control } from "~/components/ui/field";
import { Card, EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { importableEntities, isImportEntity } from "~/domain/imports/import-entities";
import { createImportJob, listImportJobs } from "~/domain/imports/import-jobs.server";
import { IMPORT_MAX_BYTES } from "~/domain/imports/file-reading.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { readProtectedUploadForm } from "~/lib/uploads.server";

export const meta: MetaFunction = () => [{ title: "Imports · Clients · Comptoir" }];

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const entities = importableEntities(user);
  const page = Math.max(1, Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10) || 1);
  const { jobs, total } = await listImportJobs({ take: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE, entities });
  return { entities, jobs, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), maxMegabytes: Math.round(IMPORT_MAX_BYTES / 1024 / 1024) };
}

type UploadErrors = { entity?: MessageKey; file?: MessageKey };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const upload = await readProtectedUploadForm(request, { fileField: "file", maxFiles: 1, maxFileBytes: IMPORT_MAX_BYTES, maxTotalBytes: IMPORT_MAX_BYTES });
  const entity = String(upload.form.get("entity") ?? "");
  const errors: UploadErrors = {};
  if (!isImportEntity(entity) || !importableEntities(user).includes(entity)) errors.entity = "importWizard.upload.chooseEntity";
  const file = upload.files[0];
  const rejected = upload.rejected[0];
  if (rejected) errors.file = rejected.reason === "type" ? "import.file.type" : "import.file.too_large";
  else if (!file) errors.file = "importWizard.upload.chooseFile";
  if (errors.entity || errors.file || !file || !isImportEntity(entity)) return data({ errors, entity }, { status: 400 });
  try {
    const { id } = await createImportJob(user, { entity, fileName: file.filename, bytes: file.content });
    return redirectWithToast(`/clients/imports/${id}/fichier`, { kind: "success", message: "importWizard.toast.uploaded" });
  } catch (error) {
    if (error instanceof DomainError) return data({ errors: { [error.field === "entity" ? "entity" : "file"]: error.code } as UploadErrors, entity }, { status: 400 });
    throw error;
  }
}

export default function ImportsPage() {
  const { entities, jobs, page, pageCount, maxMegabytes } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const busy = navigation.state === "submitting" && navigation.formMethod === "POST";
  return (
    <>
      <PageHeader title={t("clients.title")} />
      <ClientsTabs />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("importWizard.upload.title")} className="lg:col-span-1">
          <p className="mb-4 text-sm text-slate-600">{t("importWizard.upload.intro")}</p>
          <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate>
            <CsrfField />
            {answer?.errors && Object.keys(answer.errors).length > 0 ? <FormAlert>{t("importWizard.upload.invalid")}</FormAlert> : null}
            <SelectField
              label={t("importWizard.upload.entity")}
              name="entity"
              defaultValue={answer?.entity ?? entities[0]}
              error={answer?.errors.entity ? t(answer.errors.entity) : null}
              options={entities.map((entity) => ({ value: entity, label: t(`import.entity.${entity}`) }))}
            />
            <FieldFrame
              id="import-file"
              label={t("importWizard.upload.file")}
              error={answer?.errors.file ? t(answer.errors.file) : null}
              hint={t("importWizard.upload.fileHint", { size: maxMegabytes })}
            >
              <input
                id="import-file"
                name="file"
                type="file"
                required
                accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                className={control}
                aria-invalid={answer?.errors.file ? true : undefined}
                aria-describedby={answer?.errors.file ? "import-file-error" : "import-file-hint"}
              />
            </FieldFrame>
            <Button type="submit" disabled={busy}>
              {busy ? t("importWizard.upload.reading") : t("importWizard.upload.submit")}
            </Button>
          </Form>
        </Card>
        <section className="lg:col-span-2" aria-labelledby="imports-history">
          <h2 id="imports-history" className="mb-3 text-base font-semibold text-slate-900">
            {t("importWizard.history.title")}
          </h2>
          {jobs.length === 0 ? (
            <EmptyState>{t("importWizard.history.empty")}</EmptyState>
          ) : (
            <Table caption={t("importWizard.history.title")}>
              <thead>
                <tr>
                  <Th>{t("importWizard.history.file")}</Th>
                  <Th>{t("importWizard.history.entity")}</Th>
                  <Th>{t("importWizard.history.status")}</Th>
                  <Th className="hidden md:table-cell">{t("importWizard.history.rows")}</Th>
                  <Th className="hidden md:table-cell">{t("importWizard.history.by")}</Th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <Td>
                      <Link to={`/clients/imports/${job.id}`} className="font-medium text-brand-700 hover:underline">
                        {job.fileName}
                      </Link>
                      <div className="text-xs text-slate-500">{format.dateTime(job.createdAt)}</div>
                    </Td>
                    <Td>{t(`import.entity.${job.entity}`)}</Td>
                    <Td>
                      <ImportStatusBadge status={job.status} />
                    </Td>
                    <Td className="hidden md:table-cell">
                      {job.status === "draft"
                        ? format.number(job.totalRows)
                        : t("importWizard.history.counts", {
                            created: format.number(job.counts.created),
                            updated: format.number(job.counts.updated + job.counts.merged),
                            rejected: format.number(job.counts.rejected),
                          })}
                    </Td>
                    <Td className="hidden md:table-cell">{job.createdBy?.name ?? (job.via === "web" ? "—" : t("importWizard.history.viaApi"))}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <Pager page={page} pageCount={pageCount} />
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
