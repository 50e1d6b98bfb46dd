import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/customers/pager";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { QuoteStatusBadge } from "~/components/sales/quote-status-badge";
import { useMoney } from "~/components/sales/use-money";
import { Button, ButtonLink } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { can } from "~/domain/identity/permissions";
import { quoteStatuses, type QuoteStatus } from "~/domain/sales/quote-schemas";
import { listQuotes, quoteListFilters } from "~/domain/sales/quotes.server";
import { ExportForm } from "~/components/exports/export-form";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Devis · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const params = new URL(request.url).searchParams;
  const { filters, company, owners, seesAll } = await quoteListFilters(user, params);
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const result = await listQuotes(user, filters, page);
  return { ...result, filters: { status: filters.status, ownerId: filters.ownerId, number: filters.number }, company, owners, seesAll, canCreate: can(user, "create:deal"), canExport: can(user, "export:deal") };
}

/** Quotes of the portfolio (a rep's own; the team's for managers), newest first. */
export default function QuotesPage() {
  const { rows, total, page, pageCount, filters, company, owners, seesAll, canCreate, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = useMoney();
  const filtered = Boolean(filters.status || filters.ownerId || filters.number || company);
  return (
    <>
      <PageHeader
        title={t("sales.quote.title")}
        description={t("sales.quote.intro")}
        actions={canCreate ? <ButtonLink to={company ? `/ventes/devis/nouveau?companyId=${company.id}` : "/ventes/devis/nouveau"} variant="primary">{t("sales.quote.new")}</ButtonLink> : null}
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        {company ? <input type="hidden" name="societe" value={company.id} /> : null}
        <TextField label={t("sales.quote.searchNumber")} name="numero" type="search" defaultValue={filters.number} placeholder={t("sales.quote.searchNumberPlaceholder")} className="w-48" />
        <SelectField
          label={t("sales.quote.filterStatus")}
          name="etat"
          defaultValue={filters.status ?? ""}
          className="w-40"
          options={[{ value: "", label: t("common.all") }, ...quoteStatuses.map((status) => ({ value: status, label: t(`sales.quote.status.${status}`) }))]}
        />
        {seesAll ? (
          <SelectField
            label={t("sales.quote.filterOwner")}
            name="commercial"
            defaultValue={filters.ownerId ?? ""}
            className="w-48"
            options={[{ value: "", label: t("common.all") }, ...owners.map((owner) => ({ value: owner.id, label: owner.name }))]}
          />
        ) : null}
        <Button type="submit" variant="secondary">
          {t("common.filter")}
        </Button>
        {filtered ? (
          <Link to="/ventes/devis" className="py-2 text-sm text-brand-700 hover:underline">
            {t("sales.quote.resetFilters")}
          </Link>
        ) : null}
      </Form>
      {company ? <p className="mb-2 text-sm font-medium text-slate-800">{t("sales.quote.companyFilter", { name: company.name })}</p> : null}
      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {t("sales.quote.count", { count: format.number(total) })}
        </p>
        {canExport ? <ExportForm action="/ventes/devis/export.csv" /> : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState>{t("sales.quote.empty")}</EmptyState>
      ) : (
        <Table caption={t("sales.quote.title")}>
          <thead>
            <tr>
              <Th>{t("sales.quote.col.number")}</Th>
              <Th>{t("sales.quote.col.company")}</Th>
              <Th className="hidden md:table-cell">{t("sales.quote.col.issueDate")}</Th>
              <Th className="hidden md:table-cell">{t("sales.quote.col.validUntil")}</Th>
              <Th>{t("sales.quote.col.status")}</Th>
              <Th className="text-right">{t("sales.quote.col.totalExcl")}</Th>
              <Th className="hidden text-right lg:table-cell">{t("sales.quote.col.totalIncl")}</Th>
              {seesAll ? <Th className="hidden lg:table-cell">{t("sales.quote.col.owner")}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((quote) => (
              <tr key={quote.id}>
                <Td>
                  <Link to={`/ventes/devis/${quote.id}`} className="font-medium tabular-nums text-brand-700 hover:underline">
                    {quote.number}
                  </Link>
                  {quote.deal ? <span className="block text-xs text-slate-500">{quote.deal.title}</span> : null}
                </Td>
                <Td>{quote.company.name}</Td>
                <Td className="hidden md:table-cell">{format.date(quote.issueDate)}</Td>
                <Td className="hidden md:table-cell">{format.date(quote.validUntil)}</Td>
                <Td>
                  <QuoteStatusBadge status={quote.status} />
                </Td>
                <Td className="text-right tabular-nums">{money.euros(quote.totalExclCents)}</Td>
                <Td className="hidden text-right tabular-nums lg:table-cell">{money.euros(quote.totalInclCents)}</Td>
                {seesAll ? <Td className="hidden lg:table-cell">{quote.owner.name}</Td> : null}
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
