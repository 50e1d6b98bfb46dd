import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ClientsTabs } from "~/components/customers/clients-nav";
import { Pager } from "~/components/customers/pager";
import { StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { LifecycleBadge } from "~/components/sales/stage-kind-badge";
import { Button, ButtonLink } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { listCompanyCities, searchCompanies } from "~/domain/customers/company-queries.server";
import { listCompanyOwners } from "~/domain/customers/company-records.server";
import { companyFiltersOf, companyListSearch } from "~/domain/customers/customer-list-filters";
import { ExportForm } from "~/components/exports/export-form";
import { companySectors } from "~/domain/customers/customer-vocabulary";
import { accessFor, can } from "~/domain/identity/permissions";
import { LIFECYCLE_STAGES } from "~/domain/sales/lifecycle";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Clients · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const params = new URL(request.url).searchParams;
  const [owners, cities] = await Promise.all([listCompanyOwners(), listCompanyCities()]);
  const filters = companyListSearch(params, { owners, cities });
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const result = await searchCompanies(user, companyFiltersOf(filters), page);
  return {
    filters,
    owners,
    cities,
    ...result,
    canCreate: can(user, "create:customer"),
    canReadTickets: accessFor(user, "read:ticket") !== null,
    canExport: can(user, "export:customer"),
  };
}

export default function CompaniesPage() {
  const { filters, owners, cities, companies, total, page, pageCount, canCreate, canReadTickets, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const filtered = Boolean(filters.query || filters.sector || filters.owner || filters.city || filters.lifecycle);
  return (
    <>
      <PageHeader
        title={t("clients.title")}
        actions={
          canCreate ? (
            <>
              <ButtonLink to="/clients/contacts/nouveau">{t("customers.contacts.new")}</ButtonLink>
              <ButtonLink to="/clients/societes/nouvelle" variant="primary">
                {t("customers.companies.new")}
              </ButtonLink>
            </>
          ) : null
        }
      />
      <ClientsTabs />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <TextField label={t("common.search")} name="q" type="search" defaultValue={filters.query} placeholder={t("customers.companies.searchPlaceholder")} className="w-full sm:w-64" />
        <SelectField
          label={t("customers.filters.sector")}
          name="secteur"
          defaultValue={filters.sector}
          className="w-40"
          options={[{ value: "", label: t("common.all") }, ...companySectors.map((value) => ({ value, label: t(`sector.${value}`) }))]}
        />
        <SelectField
          label={t("customers.filters.owner")}
          name="commercial"
          defaultValue={filters.owner}
          className="w-48"
          options={[
            { value: "", label: t("common.all") },
            { value: "aucun", label: t("customers.filters.noOwner") },
            ...owners.map((owner) => ({ value: owner.id, label: owner.name })),
          ]}
        />
        <SelectField
          label={t("customers.filters.city")}
          name="ville"
          defaultValue={filters.city}
          className="w-48"
          options={[{ value: "", label: t("common.all") }, ...cities.map((city) => ({ value: city, label: city }))]}
        />
        <SelectField
          label={t("sales.company.lifecycle")}
          name="cycle"
          defaultValue={filters.lifecycle}
          className="w-40"
          options={[{ value: "", label: t("common.all") }, ...LIFECYCLE_STAGES.map((value) => ({ value, label: t(`sales.lifecycle.${value}`) }))]}
        />
        <Button type="submit" variant="secondary">
          {t("common.filter")}
        </Button>
        {filtered ? (
          <Link to="/clients" className="py-2 text-sm text-brand-700 hover:underline">
            {t("customers.filters.reset")}
          </Link>
        ) : null}
      </Form>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {t("customers.companies.count", { count: format.number(total) })}
        </p>
        {canExport ? <ExportForm action="/clients/export.csv" /> : null}
      </div>
      {companies.length === 0 ? (
        <EmptyState>{t("customers.companies.empty")}</EmptyState>
      ) : (
        <Table caption={t("customers.companies.title")}>
          <thead>
            <tr>
              <Th>{t("clients.colName")}</Th>
              <Th>{t("clients.colSector")}</Th>
              <Th className="hidden md:table-cell">{t("sales.company.lifecycle")}</Th>
              <Th className="hidden md:table-cell">{t("clients.colCity")}</Th>
              <Th>{t("clients.colContacts")}</Th>
              {canReadTickets ? <Th>{t("clients.colOpenTickets")}</Th> : null}
              {canReadTickets ? <Th className="hidden lg:table-cell">{t("customers.companies.colLastTicket")}</Th> : null}
              <Th className="hidden md:table-cell">{t("clients.colOwner")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {companies.map((company) => (
              <tr key={company.id}>
                <Td>
                  <Link to={`/clients/societes/${company.id}`} className="font-medium text-brand-700 hover:underline">
                    {company.name}
                  </Link>
                </Td>
                <Td>{t(`sector.${company.sector as (typeof companySectors)[number]}`)}</Td>
                <Td className="hidden md:table-cell">
                  <LifecycleBadge stage={company.lifecycleStage} />
                </Td>
                <Td className="hidden md:table-cell">{company.city}</Td>
                <Td className="tabular-nums">{format.number(company.contactCount)}</Td>
                {canReadTickets ? <Td className="tabular-nums">{format.number(company.openTicketCount)}</Td> : null}
                {canReadTickets ? (
                  <Td className="hidden lg:table-cell">
                    {company.lastTicket ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="text-slate-500">{format.date(company.lastTicket.createdAt)}</span>
                        <StatusBadge status={company.lastTicket.status} />
                      </span>
                    ) : (
                      "—"
                    )}
                  </Td>
                ) : null}
                <Td className="hidden md:table-cell">{company.owner?.name ?? "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager page={page} pageCount={pageCount} />
    </>
  );
}
