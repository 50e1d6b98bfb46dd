import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ImportSteps } from "~/components/imports/import-steps";
import { MappingProblems } from "~/components/imports/mapping-problems";
import { Button } from "~/components/ui/button";
import { FormAlert, SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { acceptsCustomFields, customFieldName, importFields } from "~/domain/imports/import-fields";
import { readImportSample, updateImportJob } from "~/domain/imports/import-jobs.server";
import { applyImportMapping, listImportMappings, saveImportMapping } from "~/domain/imports/import-mappings.server";
import { mappingProblems } from "~/domain/imports/import-mapping";
import { isEditableImport } from "~/domain/imports/import-status";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { CUSTOM_CHOICE, mappingFromForm } from "~/lib/imports/mapping-form";
import { requireImportJob } from "~/lib/imports/import-route.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Import : colonnes · Comptoir" }];

const SAMPLE_VALUES = 3;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  if (!isEditableImport(job.status)) throw redirect(`/clients/imports/${job.id}`);
  const [sample, saved] = await Promise.all([readImportSample(job.id, 20).catch(() => null), listImportMappings(job.entity)]);
  const columns = job.mapping.map((entry) => ({
    ...entry,
    custom: customFieldName(entry.target),
    examples: (sample?.rows ?? []).map((row) => (row[entry.column] ?? "").trim()).filter(Boolean).slice(0, SAMPLE_VALUES),
  }));
  return {
    job: { id: job.id, fileName: job.fileName, entity: job.entity },
    columns,
    problems: job.mappingProblems,
    fields: importFields(job.entity).map((field) => ({ key: field.key, labelKey: field.labelKey, required: field.required })),
    customAllowed: acceptsCustomFields(job.entity),
    saved: saved.map((mapping) => ({ id: mapping.id, name: mapping.name })),
  };
}

type ColumnsAnswer = { error?: MessageKey; badCustomColumns?: number[]; nameError?: MessageKey };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "apply") {
      await applyImportMapping(user, job.id, String(form.get("mappingId") ?? ""));
      return redirectWithToast(`/clients/imports/${job.id}/colonnes`, { kind: "success", message: "importWizard.columns.applied" });
    }
    const { mapping, badCustomColumns } = mappingFromForm(form, job.headers);
    if (badCustomColumns.length > 0) return data<ColumnsAnswer>({ error: "importWizard.columns.customNameInvalid", badCustomColumns }, { status: 400 });
    await updateImportJob(user, job.id, { mapping });
    if (intent === "saveAs") {
      const name = String(form.get("mappingName") ?? "");
      if (!name.trim()) return data<ColumnsAnswer>({ nameError: "import.error.mappingName" }, { status: 400 });
      await saveImportMapping(user, { entity: job.entity, name, mapping });
      return redirectWithToast(`/clients/imports/${job.id}/colonnes`, { kind: "success", message: "importWizard.columns.savedAs", params: { name: name.trim().slice(0, 100) } });
    }
    if (mappingProblems(job.entity, mapping).length > 0) return redirect(`/clients/imports/${job.id}/colonnes`);
    return redirect(`/clients/imports/${job.id}/apercu`);
  } catch (error) {
    if (error instanceof DomainError) return data<ColumnsAnswer>(error.field === "name" ? { nameError: error.code } : { error: error.code }, { status: 400 });
    throw error;
  }
}

export default function ImportColumnsPage() {
  const { job, columns, problems, fields, customAllowed, saved } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state === "submitting";
  const fieldLabel = (key: string) => {
    const field = fields.find((candidate) => candidate.key === key);
    return field ? t(field.labelKey) : key;
  };
  const options = [
    { value: "", label: t("import.field.dontImport") },
    ...fields.map((field) => ({ value: field.key, label: field.required ? t("importWizard.columns.required", { field: t(field.labelKey) }) : t(field.labelKey) })),
    ...(customAllowed ? [{ value: CUSTOM_CHOICE, label: t("import.field.custom") }] : []),
  ];
  return (
    <>
      <Breadcrumb items={[{ label: t("importWizard.title"), to: "/clients/imports" }, { label: job.fileName }]} />
      <PageHeader title={t("importWizard.columns.title")} description={t("importWizard.columns.intro", { entity: t(`import.entity.${job.entity}`) })} />
      <ImportSteps importId={job.id} current="columns" />
      {saved.length > 0 ? (
        <Card title={t("importWizard.columns.savedTitle")} className="mb-6">
          <Form method="post" className="flex flex-wrap items-end gap-3">
            <CsrfField />
            <input type="hidden" name="intent" value="apply" />
            <SelectField label={t("importWizard.columns.savedChoose")} name="mappingId" className="w-72" options={saved.map((mapping) => ({ value: mapping.id, label: mapping.name }))} />
            <Button type="submit" variant="secondary">
              {t("importWizard.columns.apply")}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Form method="post" className="space-y-6">
        <CsrfField />
        {answer?.error ? <FormAlert>{t(answer.error)}</FormAlert> : null}
        <MappingProblems problems={problems} fieldLabel={fieldLabel} headers={columns.map((column) => column.header)} />
        <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{t("importWizard.columns.caption")}</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">
                  {t("importWizard.columns.fileColumn")}
                </th>
                <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">
                  {t("importWizard.columns.examples")}
                </th>
                <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">
                  {t("importWizard.columns.target")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {columns.map((column) => {
                const badCustom = answer?.badCustomColumns?.includes(column.column) ?? false;
                const selected = column.custom !== null ? CUSTOM_CHOICE : column.target;
                return (
                  <tr key={column.column} data-testid={`mapping-row-${column.column}`}>
                    <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">
                      {column.header || t("importWizard.columns.unnamed", { column: column.column + 1 })}
                    </th>
                    <td className="max-w-xs px-3 py-2 text-slate-600">
                      {column.examples.length > 0 ? column.examples.map((example, index) => <div key={index} className="truncate">{example}</div>) : <span className="text-slate-400">{t("importWizard.columns.noExample")}</span>}
                    </td>
                    <td className="px-3 py-2">
                      <div className="flex flex-wrap items-end gap-2">
                        <SelectField
                          label={t("importWizard.columns.targetFor", { column: column.header || String(column.column + 1) })}
                          name={`target.${column.column}`}
                          defaultValue={selected}
                          className="w-64 [&>label]:sr-only"
                          options={options}
                        />
                        {customAllowed ? (
                          <TextField
                            label={t("importWizard.columns.customName")}
                            name={`custom.${column.column}`}
                            defaultValue={column.custom ?? ""}
                            placeholder={t("importWizard.columns.customPlaceholder")}
                            className="w-48 [&>label]:sr-only"
                            error={badCustom ? t("importWizard.columns.customNameInvalid") : null}
                          />
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <Button type="submit" name="intent" value="continue" disabled={busy}>
            {t("importWizard.columns.next")}
          </Button>
          <span className="text-sm text-slate-500">{t("importWizard.columns.or")}</span>
          <TextField label={t("importWizard.columns.saveAsName")} name="mappingName" className="w-64" error={answer?.nameError ? t(answer.nameError) : null} />
          <Button type="submit" name="intent" value="saveAs" variant="secondary" disabled={busy}>
            {t("importWizard.columns.saveAs")}
          </Button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
