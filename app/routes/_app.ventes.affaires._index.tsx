import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/customers/pager";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { DealFiltersForm } from "~/components/sales/deal-filters-form";
import { useSalesFormat } from "~/components/sales/sales-format";
import { StageBadge } from "~/components/sales/stage-kind-badge";
import { ButtonLink } from "~/components/ui/button";
import { SelectField } from "~/components/ui/field";
import { cn } from "~/components/ui/cn";
import { EmptyState, PageHeader, Table, Td } from "~/components/ui/layout";
import { companyRef } from "~/domain/customers/company-queries.server";
import { can } from "~/domain/identity/permissions";
import { DEAL_STATUSES, dealListQueryFromParams, dealListQueryToParams, type DealSort, sortParam, statusParam } from "~/domain/sales/deal-filters";
import { dealFilterContext, listDeals } from "~/domain/sales/deal-queries.server";
import { activePipeline } from "~/domain/sales/pipeline.server";
import { requireUser } from "~/lib/auth.server";
import { ExportForm } from "~/components/exports/export-form";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Affaires · Ventes · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const context = await dealFilterContext(user);
  const query = dealListQueryFromParams(new URL(request.url).searchParams, context);
  const [result, pipeline, company] = await Promise.all([listDeals(user, query), activePipeline(), query.companyId ? companyRef(query.companyId) : null]);
  if (!result) throw notFound();
  return {
    ...result,
    query,
    companyName: company?.name ?? null,
    stageName: query.stageId ? (pipeline.stages.find((stage) => stage.id === query.stageId)?.name ?? null) : null,
    owners: context.owners,
    mayChooseOwner: context.mayChooseOwner,
    canCreate: can(user, "create:deal"),
    canExport: can(user, "export:deal"),
  };
}

const columns: Array<{ sort: DealSort; label: MessageKey; className?: string }> = [
  { sort: "title", label: "sales.list.colTitle" },
  { sort: "company", label: "sales.list.colCompany" },
  { sort: "owner", label: "sales.list.colOwner", className: "hidden md:table-cell" },
  { sort: "stage", label: "sales.list.colStage" },
  { sort: "amount", label: "sales.list.colAmount", className: "text-right" },
  { sort: "expectedClose", label: "sales.list.colExpectedClose", className: "hidden lg:table-cell" },
  { sort: "updated", label: "sales.list.colUpdated", className: "hidden lg:table-cell" },
];

export default function DealsListPage() {
  const { deals, total, page, pageCount, query, companyName, stageName, owners, mayChooseOwner, canCreate, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = useSalesFormat();
  const viewer = { mayChooseOwner };
  const sortHref = (sort: DealSort) => {
    const direction = query.sort === sort ? (query.direction === "asc" ? "desc" : "asc") : sort === "amount" || sort === "updated" ? "desc" : "asc";
    return `/ventes/affaires?${dealListQueryToParams({ ...query, sort, direction, page: 1 }, viewer).toString()}`;
  };
  const boardQuery = dealListQueryToParams({ ownerId: query.ownerId, closePeriod: query.closePeriod, source: query.source }, viewer).toString();
  return (
    <>
      <PageHeader
        title={t("sales.list.title")}
        actions={
          <>
            <ButtonLink to={`/ventes${boardQuery ? `?${boardQuery}` : ""}`}>{t("sales.list.boardView")}</ButtonLink>
            {canCreate ? (
              <ButtonLink to="/ventes/affaires/nouvelle" variant="primary">
                {t("sales.deal.new")}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <DealFiltersForm filters={query} owners={owners} mayChooseOwner={mayChooseOwner} resetTo="/ventes/affaires">
        <SelectField
          label={t("sales.list.status")}
          name="statut"
          defaultValue={query.status ? statusParam(query.status) : ""}
          className="w-40"
          options={[{ value: "", label: t("sales.list.anyStatus") }, ...DEAL_STATUSES.map((status) => ({ value: statusParam(status), label: t(`sales.status.${status}`) }))]}
        />
        {query.stageId ? <input type="hidden" name="etape" value={query.stageId} /> : null}
        {query.companyId ? <input type="hidden" name="societe" value={query.companyId} /> : null}
        <input type="hidden" name="tri" value={sortParam(query.sort)} />
        <input type="hidden" name="ordre" value={query.direction} />
      </DealFiltersForm>
      {canExport ? <ExportForm action="/ventes/affaires/export.csv" className="mb-3 flex flex-wrap items-end justify-end gap-2" /> : null}
      {companyName ? (
        <p className="mb-2 text-sm text-slate-700">
          {t("sales.list.companyFilter", { company: companyName })}{" "}
          <Link to={`/ventes/affaires?${dealListQueryToParams({ ...query, companyId: null, page: 1 }, viewer).toString()}`} className="text-brand-700 hover:underline">
            {t("sales.list.allCompanies")}
          </Link>
        </p>
      ) : null}
      {stageName ? (
        <p className="mb-2 text-sm text-slate-700">
          {t("sales.list.stageFilter", { stage: stageName })}{" "}
          <Link to={`/ventes/affaires?${dealListQueryToParams({ ...query, stageId: null, page: 1 }, viewer).toString()}`} className="text-brand-700 hover:underline">
            {t("sales.list.allStages")}
          </Link>
        </p>
      ) : null}
      <p className="mb-2 text-sm text-slate-600" aria-live="polite">
        {t("sales.list.count", { count: format.number(total) })}
      </p>
      {deals.length === 0 ? (
        <EmptyState>{t("sales.list.empty")}</EmptyState>
      ) : (
        <Table caption={t("sales.list.title")}>
          <thead>
            <tr>
              {columns.filter((column) => mayChooseOwner || column.sort !== "owner").map((column) => (
                <th
                  key={column.sort}
                  scope="col"
                  aria-sort={query.sort === column.sort ? (query.direction === "asc" ? "ascending" : "descending") : undefined}
                  className={cn("whitespace-nowrap bg-slate-50 px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600", column.className)}
                >
                  <Link to={sortHref(column.sort)} className="inline-flex items-center gap-1 hover:text-slate-900">
                    {t(column.label)}
                    {query.sort === column.sort ? <span aria-hidden="true">{query.direction === "asc" ? "▲" : "▼"}</span> : null}
                    <span className="sr-only">
                      {query.sort === column.sort ? (query.direction === "asc" ? t("sales.list.sortedAsc") : t("sales.list.sortedDesc")) : t("sales.list.sortBy")}
                    </span>
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {deals.map((deal) => (
              <tr key={deal.id} data-testid={`deal-row-${deal.id}`}>
                <Td>
                  <Link to={`/ventes/affaires/${deal.id}`} className="font-medium text-brand-700 hover:underline">
                    {deal.title}
                  </Link>
                </Td>
                <Td>
                  <Link to={`/clients/societes/${deal.company.id}`} className="hover:underline">
                    {deal.company.name}
                  </Link>
                </Td>
                {mayChooseOwner ? <Td className="hidden md:table-cell">{deal.owner.name}</Td> : null}
                <Td>
                  <StageBadge name={deal.stage.name} kind={deal.stage.kind} />
                </Td>
                <Td className="text-right tabular-nums">{money.cents(deal.amountCents)}</Td>
                <Td className="hidden lg:table-cell">{deal.expectedCloseDate ? format.date(deal.expectedCloseDate) : "—"}</Td>
                <Td className="hidden text-slate-600 lg:table-cell">{format.date(deal.updatedAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager page={page} pageCount={pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
