import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { Pager } from "~/components/customers/pager";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ConsentStatementFields } from "~/components/imports/consent-statement-fields";
import { DuplicateGroups } from "~/components/imports/duplicate-groups";
import { ImportSteps } from "~/components/imports/import-steps";
import { MappingProblems } from "~/components/imports/mapping-problems";
import { OutcomeBadge } from "~/components/imports/outcome-badge";
import { Button } from "~/components/ui/button";
import { FormAlert, SelectField } from "~/components/ui/field";
import { FilterPills } from "~/components/ui/filter-pills";
import { Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { importFields } from "~/domain/imports/import-fields";
import { updateImportJob } from "~/domain/imports/import-jobs.server";
import { importMessageText } from "~/domain/imports/import-messages";
import { duplicateDecisions } from "~/domain/imports/import-options";
import { previewImport } from "~/domain/imports/import-preview.server";
import { startImportJob } from "~/domain/imports/import-run.server";
import { isEditableImport, rowOutcomes, type RowOutcome } from "~/domain/imports/import-status";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { requireImportJob } from "~/lib/imports/import-route.server";
import { resolveLocale } from "~/lib/i18n/request-locale.server";
import { optionsFromPreviewForm } from "~/lib/imports/preview-form.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Import : aperçu · Comptoir" }];

const isOutcome = (value: unknown): value is RowOutcome => typeof value === "string" && (rowOutcomes as readonly string[]).includes(value);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const locale = await resolveLocale(request, user);
  if (!isEditableImport(job.status)) throw redirect(`/clients/imports/${job.id}`);
  const search = new URL(request.url).searchParams;
  const outcome = isOutcome(search.get("resultat")) ? (search.get("resultat") as RowOutcome) : undefined;
  const page = Math.max(1, Number.parseInt(search.get("page") ?? "1", 10) || 1);
  const groupPage = Math.max(1, Number.parseInt(search.get("groupes") ?? "1", 10) || 1);
  const preview = await previewImport(job.id, { page, outcome, groupPage, pageSize: 50, groupPageSize: 20 });
  if (!preview) throw redirect("/clients/imports");
  const mapped = job.mapping.filter((entry) => entry.target !== "");
  const labels = new Map(importFields(job.entity).map((field) => [field.key, field.labelKey]));
  return {
    job: { id: job.id, fileName: job.fileName, entity: job.entity, options: job.options },
    outcome: outcome ?? null,
    columns: mapped.map((entry) => ({ column: entry.column, header: entry.header, labelKey: labels.get(entry.target) ?? null })),
    headers: job.headers,
    fieldLabels: Object.fromEntries(labels),
    preview: {
      ...preview,
      rows: preview.rows.map((row) => ({ ...row, texts: row.messages.map((message) => importMessageText(locale, message)) })),
    },
    asksConsent: job.entity === "contacts",
  };
}

type PreviewAnswer = { error?: MessageKey; field?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const locale = await resolveLocale(request, user);
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "save");
  try {
    await updateImportJob(user, job.id, { options: optionsFromPreviewForm(form, job.options) });
    if (intent === "start") {
      await startImportJob(user, job.id);
      return redirectWithToast(`/clients/imports/${job.id}`, { kind: "success", message: "importWizard.toast.started" });
    }
  } catch (error) {
    if (error instanceof DomainError) return data<PreviewAnswer>({ error: error.code, field: error.field }, { status: 400 });
    throw error;
  }
  const back = new URL(request.url);
  return redirectWithToast(`${back.pathname}${back.search}`, { kind: "success", message: "importWizard.preview.saved" });
}

export default function ImportPreviewPage() {
  const { job, outcome, columns, headers, fieldLabels, preview, asksConsent } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const busy = navigation.state === "submitting";
  const fieldLabel = (key: string) => (fieldLabels[key] ? t(fieldLabels[key] as MessageKey) : key);
  const blocked = preview.mappingProblems.length > 0;
  const runnable = preview.counts.created + preview.counts.updated + preview.counts.merged;
  const base = `/clients/imports/${job.id}/apercu`;
  return (
    <>
      <Breadcrumb items={[{ label: t("importWizard.title"), to: "/clients/imports" }, { label: job.fileName }]} />
      <PageHeader title={t("importWizard.preview.title")} description={t("importWizard.preview.intro")} />
      <ImportSteps importId={job.id} current="preview" />
      <MappingProblems problems={preview.mappingProblems} fieldLabel={fieldLabel} headers={headers} />
      <FilterPills
        label={t("importWizard.preview.filterLabel")}
        className="my-4"
        pills={[
          { key: "all", to: base, label: t("importWizard.preview.allRows"), current: outcome === null, count: format.number(preview.totalRows) },
          ...rowOutcomes.map((value) => ({
            key: value,
            to: `${base}?resultat=${value}`,
            label: t(`import.outcome.${value}`),
            current: outcome === value,
            count: format.number(preview.counts[value]),
            countTestId: `preview-count-${value}`,
          })),
        ]}
      />
      <Form method="post" className="space-y-6">
        <CsrfField />
        {answer?.error ? <FormAlert>{t(answer.error)}</FormAlert> : null}
        {preview.groups.total > 0 ? (
          <Card title={t("importWizard.duplicates.title", { count: format.number(preview.groups.total) })}>
            <p className="mb-3 text-sm text-slate-600">{t("importWizard.duplicates.intro")}</p>
            <SelectField
              label={t("importWizard.duplicates.forAll")}
              name="decision.all"
              defaultValue={job.options.duplicates.all}
              className="mb-4 w-72"
              options={duplicateDecisions.map((value) => ({ value, label: t(`import.decision.${value}`) }))}
            />
            <DuplicateGroups groups={preview.groups.items} customised={job.options.duplicates.groups} />
            <Pager page={preview.groups.page} pageCount={Math.max(1, Math.ceil(preview.groups.total / 20))} param="groupes" />
          </Card>
        ) : null}
        {asksConsent ? <ConsentStatementFields consent={job.options.consent} error={answer?.field?.startsWith("consent") ? answer.error : undefined} /> : null}
        <section aria-labelledby="preview-rows">
          <h2 id="preview-rows" className="mb-2 text-base font-semibold text-slate-900">
            {t("importWizard.preview.rowsTitle")}
          </h2>
          <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="preview-rows">
              <caption className="sr-only">{t("importWizard.preview.rowsTitle")}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-2 py-2 text-left font-semibold text-slate-800">
                    {t("importWizard.file.line")}
                  </th>
                  <th scope="col" className="px-2 py-2 text-left font-semibold text-slate-800">
                    {t("importWizard.preview.outcome")}
                  </th>
                  {columns.map((column) => (
                    <th key={column.column} scope="col" className="whitespace-nowrap px-2 py-2 text-left font-semibold text-slate-800">
                      {column.labelKey ? t(column.labelKey as MessageKey) : column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {preview.rows.map((row) => (
                  <tr key={row.rowNumber} data-testid={`preview-row-${row.rowNumber}`}>
                    <td className="px-2 py-1 align-top text-slate-500">{row.rowNumber}</td>
                    <td className="px-2 py-1 align-top">
                      <OutcomeBadge outcome={row.outcome} />
                      {row.texts.length > 0 ? (
                        <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
                          {row.texts.map((text, index) => (
                            <li key={index}>{text}</li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                    {columns.map((column) => {
                      const wrong = row.errorColumns.includes(column.column);
                      return (
                        <td key={column.column} className={wrong ? "bg-red-50 px-2 py-1 align-top text-red-900" : "px-2 py-1 align-top text-slate-800"} aria-invalid={wrong || undefined}>
                          {row.cells[column.column] ?? ""}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={preview.page} pageCount={preview.pageCount} />
        </section>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
          <Button type="submit" name="intent" value="save" variant="secondary" disabled={busy}>
            {t("importWizard.preview.save")}
          </Button>
          <Button type="submit" name="intent" value="start" disabled={busy || blocked || runnable === 0}>
            {t("importWizard.preview.start", { count: format.number(runnable) })}
          </Button>
          {blocked ? <p className="text-sm text-amber-800">{t("importWizard.preview.blocked")}</p> : runnable === 0 ? <p className="text-sm text-slate-600">{t("importWizard.preview.nothing")}</p> : null}
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
