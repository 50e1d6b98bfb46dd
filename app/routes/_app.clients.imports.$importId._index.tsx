import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { Pager } from "~/components/customers/pager";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ImportCountsList } from "~/components/imports/import-counts";
import { ImportProgress } from "~/components/imports/import-progress";
import { ImportStatusBadge } from "~/components/imports/import-status-badge";
import { OutcomeBadge } from "~/components/imports/outcome-badge";
import { useImportLive } from "~/components/imports/use-import-live";
import { Button, ButtonLink } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { FilterPills } from "~/components/ui/filter-pills";
import { Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { importMessageText } from "~/domain/imports/import-messages";
import { importRowReports } from "~/domain/imports/import-report.server";
import { cancelImportJob } from "~/domain/imports/import-run.server";
import { isActiveImport, isUndoableImport, rowOutcomes, type RowOutcome } from "~/domain/imports/import-status";
import { undoImportJob } from "~/domain/imports/import-undo.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { requireImportJob } from "~/lib/imports/import-route.server";
import { resolveLocale } from "~/lib/i18n/request-locale.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Import · Comptoir" }];

const isOutcome = (value: unknown): value is RowOutcome => typeof value === "string" && (rowOutcomes as readonly string[]).includes(value);

const recordPaths: Record<string, string> = { contact: "/clients/contacts/", company: "/clients/societes/", deal: "/ventes/affaires/", product: "/ventes/produits/" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const locale = await resolveLocale(request, user);
  if (job.status === "draft") throw redirect(`/clients/imports/${job.id}/${job.mappingProblems.length > 0 ? "colonnes" : "apercu"}`);
  const search = new URL(request.url).searchParams;
  const outcome = isOutcome(search.get("resultat")) ? (search.get("resultat") as RowOutcome) : undefined;
  const page = Math.max(1, Number.parseInt(search.get("page") ?? "1", 10) || 1);
  const report = await importRowReports(job.id, { outcome, page, pageSize: 50 });
  return {
    job: {
      id: job.id,
      fileName: job.fileName,
      entity: job.entity,
      status: job.status,
      totalRows: job.totalRows,
      doneRows: job.doneRows,
      counts: job.counts,
      error: job.error,
      createdBy: job.createdBy?.name ?? null,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      undoneAt: job.undoneAt,
    },
    outcome: outcome ?? null,
    report: {
      ...report,
      pageCount: Math.max(1, Math.ceil(report.total / report.pageSize)),
      rows: report.rows.map((row) => ({
        rowNumber: row.rowNumber,
        outcome: row.outcome,
        link: row.entityId && recordPaths[row.entityType] ? `${recordPaths[row.entityType]}${row.entityId}` : null,
        texts: row.messages.map((message) => importMessageText(locale, message)),
      })),
    },
  };
}

type JobAnswer = { error: MessageKey | null; undo: { removed: number; restored: number; kept: string[] } | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const locale = await resolveLocale(request, user);
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "cancel") {
      await cancelImportJob(user, job.id);
      return redirectWithToast(`/clients/imports/${job.id}`, { kind: "info", message: "importWizard.toast.cancelling" });
    }
    if (intent === "undo") {
      if (form.get("confirm") !== "yes") return data<JobAnswer>({ error: "importWizard.undo.confirmRequired", undo: null }, { status: 400 });
      const undo = await undoImportJob(user, job.id);
      return data<JobAnswer>({ error: null, undo: { removed: undo.removed, restored: undo.restored, kept: undo.kept.map((message) => importMessageText(locale, message)) } });
    }
  } catch (error) {
    if (error instanceof DomainError) return data<JobAnswer>({ error: error.code, undo: null }, { status: 400 });
    throw error;
  }
  return data<JobAnswer>({ error: "validation.choose", undo: null }, { status: 400 });
}

export default function ImportJobPage() {
  const { job, outcome, report } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const live = useImportLive(job.id, { status: job.status, totalRows: job.totalRows, doneRows: job.doneRows, counts: job.counts });
  const active = isActiveImport(live.status);
  const base = `/clients/imports/${job.id}`;
  const busy = navigation.state === "submitting";
  return (
    <>
      <Breadcrumb items={[{ label: t("importWizard.title"), to: "/clients/imports" }, { label: job.fileName }]} />
      <PageHeader
        title={t("importWizard.job.title", { file: job.fileName })}
        description={t("importWizard.job.meta", { entity: t(`import.entity.${job.entity}`), date: format.dateTime(job.createdAt), name: job.createdBy ?? "—" })}
        actions={
          job.counts.rejected > 0 ? (
            <ButtonLink to={`${base}/rejets.csv`} reloadDocument variant="secondary">
              {t("importWizard.job.rejectedCsv", { count: format.number(job.counts.rejected) })}
            </ButtonLink>
          ) : null
        }
      />
      {answer?.error ? <FormAlert>{t(answer.error)}</FormAlert> : null}
      {answer?.undo ? (
        <div role="status" className="mb-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200">
          <p>{t("importWizard.undo.done", { removed: format.number(answer.undo.removed), restored: format.number(answer.undo.restored) })}</p>
          {answer.undo.kept.length > 0 ? (
            <>
              <p className="mt-2 font-medium">{t("importWizard.undo.keptTitle", { count: format.number(answer.undo.kept.length) })}</p>
              <ul className="list-disc pl-5">
                {answer.undo.kept.map((text: string, index: number) => (
                  <li key={index}>{text}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <Card className="mb-6" title={t("importWizard.job.progressTitle")} actions={<ImportStatusBadge status={live.status as typeof job.status} />}>
        <ImportProgress doneRows={live.doneRows} totalRows={live.totalRows} />
        <ImportCountsList counts={live.counts} />
        {job.error ? <p className="mt-2 text-sm text-red-700">{t("importWizard.job.failed")}</p> : null}
        <div className="mt-4 flex flex-wrap items-start gap-3">
          {active && live.status !== "cancelling" ? (
            <Form method="post">
              <CsrfField />
              <Button type="submit" name="intent" value="cancel" variant="secondary" disabled={busy}>
                {t("importWizard.job.cancel")}
              </Button>
            </Form>
          ) : null}
          {!active && isUndoableImport(live.status) && !answer?.undo ? (
            <details className="rounded-md ring-1 ring-slate-200">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">{t("importWizard.undo.open")}</summary>
              <Form method="post" className="space-y-3 p-3">
                <CsrfField />
                <p className="max-w-prose text-sm text-slate-700">{t("importWizard.undo.explain")}</p>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="confirm" value="yes" required />
                  {t("importWizard.undo.confirm")}
                </label>
                <Button type="submit" name="intent" value="undo" variant="danger" disabled={busy}>
                  {t("importWizard.undo.submit")}
                </Button>
              </Form>
            </details>
          ) : null}
        </div>
      </Card>
      <section aria-labelledby="import-report">
        <h2 id="import-report" className="mb-2 text-base font-semibold text-slate-900">
          {t("importWizard.job.reportTitle")}
        </h2>
        <FilterPills
          label={t("importWizard.preview.filterLabel")}
          className="mb-3"
          pills={[
            { key: "all", to: base, label: t("importWizard.preview.allRows"), current: outcome === null },
            ...rowOutcomes.map((value) => ({ key: value, to: `${base}?resultat=${value}`, label: t(`import.outcome.${value}`), current: outcome === value })),
          ]}
        />
        {report.rows.length === 0 ? (
          <p className="text-sm text-slate-600">{active ? t("importWizard.job.reportPending") : t("importWizard.job.reportEmpty")}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="import-report">
              <caption className="sr-only">{t("importWizard.job.reportTitle")}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">{t("importWizard.file.line")}</th>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">{t("importWizard.preview.outcome")}</th>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">{t("importWizard.job.details")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {report.rows.map((row) => (
                  <tr key={row.rowNumber} data-testid={`report-row-${row.rowNumber}`}>
                    <td className="px-3 py-1 align-top text-slate-500">{row.rowNumber}</td>
                    <td className="px-3 py-1 align-top">
                      <OutcomeBadge outcome={row.outcome} />
                    </td>
                    <td className="px-3 py-1 align-top text-slate-700">
                      {row.texts.join(" · ")}
                      {row.link ? (
                        <>
                          {row.texts.length > 0 ? " · " : null}
                          <a href={row.link} className="text-brand-700 hover:underline">
                            {t("importWizard.job.openRecord")}
                          </a>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={report.page} pageCount={report.pageCount} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
