import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ExportForm } from "~/components/exports/export-form";
import { useI18n } from "~/components/i18n";
import { ContractStateBadge } from "~/components/sales/contract-state-badge";
import { useMoney } from "~/components/sales/use-money";
import { ButtonLink } from "~/components/ui/button";
import { FilterPills } from "~/components/ui/filter-pills";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { accessFor, can } from "~/domain/identity/permissions";
import { contractFilterParams as filterParams, contractListFilterFrom, contractListFilters as filters } from "~/domain/sales/contract-list-filters";
import { listContracts } from "~/domain/sales/contracts.server";
import { companyForFilter } from "~/domain/sales/quotes.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Contrats · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const params = new URL(request.url).searchParams;
  const state = contractListFilterFrom(params);
  const companyParam = params.get("societe");
  const company = companyParam ? await companyForFilter(companyParam) : null;
  const result = await listContracts(user, { state, companyId: company?.id ?? null });
  return { ...result, state, company, seesAll: accessFor(user, "read:deal") === "any", canCreate: can(user, "create:deal"), canExport: can(user, "export:deal") };
}

/** Maintenance contracts: ending soon first, to renew, cancelled last. */
export default function ContractsPage() {
  const { rows, total, capped, state, company, seesAll, canCreate, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = useMoney();
  const companyQuery = company ? `&societe=${company.id}` : "";
  return (
    <>
      <PageHeader
        title={t("sales.contract.title")}
        description={t("sales.contract.intro")}
        actions={canCreate ? <ButtonLink to={company ? `/ventes/contrats/nouveau?companyId=${company.id}` : "/ventes/contrats/nouveau"} variant="primary">{t("sales.contract.new")}</ButtonLink> : null}
      />
      <FilterPills
        className="mb-4"
        label={t("sales.contract.filterLabel")}
        pills={filters.map((candidate) => ({ key: candidate, to: `/ventes/contrats?etat=${filterParams[candidate]}${companyQuery}`, label: t(`sales.contract.state.${candidate}`), current: candidate === state }))}
      />
      {canExport ? <ExportForm action="/ventes/contrats/export.csv" className="mb-3 flex flex-wrap items-end justify-end gap-2" /> : null}
      {company ? <p className="mb-2 text-sm font-medium text-slate-800">{t("sales.quote.companyFilter", { name: company.name })}</p> : null}
      <p className="mb-2 text-sm text-slate-600" aria-live="polite">
        {t("sales.contract.count", { count: format.number(total) })} {capped ? t("sales.contract.capped") : null}
      </p>
      {rows.length === 0 ? (
        <EmptyState>{t("sales.contract.empty")}</EmptyState>
      ) : (
        <Table caption={t("sales.contract.title")}>
          <thead>
            <tr>
              <Th>{t("sales.contract.col.title")}</Th>
              <Th>{t("sales.contract.col.company")}</Th>
              <Th>{t("sales.contract.col.endDate")}</Th>
              <Th>{t("sales.contract.col.state")}</Th>
              <Th className="hidden text-right md:table-cell">{t("sales.contract.col.yearlyAmount")}</Th>
              <Th className="hidden lg:table-cell">{t("sales.contract.col.renewal")}</Th>
              {seesAll ? <Th className="hidden lg:table-cell">{t("sales.contract.col.owner")}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((contract) => (
              <tr key={contract.id}>
                <Td>
                  <Link to={`/ventes/contrats/${contract.id}`} className="font-medium text-brand-700 hover:underline">
                    {contract.title}
                  </Link>
                </Td>
                <Td>{contract.company.name}</Td>
                <Td className="tabular-nums">{format.date(contract.endDate)}</Td>
                <Td>
                  <ContractStateBadge state={contract.state} />
                </Td>
                <Td className="hidden text-right tabular-nums md:table-cell">{money.euros(contract.yearlyAmountCents)}</Td>
                <Td className="hidden lg:table-cell">{t(contract.renewal === "explicit" ? "sales.contract.renewal.explicit" : "sales.contract.renewal.tacit")}</Td>
                {seesAll ? <Td className="hidden lg:table-cell">{contract.owner.name}</Td> : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
