import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { listCompanies } from "~/domain/customers/company-queries.server";
import { companySectors } from "~/domain/helpdesk/ticket-vocabulary";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Clients · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").slice(0, 100);
  const sector = (companySectors as readonly string[]).includes(params.get("secteur") ?? "") ? params.get("secteur")! : "";
  const companies = await listCompanies(user, { query, sector });
  return { query, sector, companies };
}

export default function ClientsPage() {
  const { query, sector, companies } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("clients.title")} />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <TextField label={t("common.search")} name="q" type="search" defaultValue={query} placeholder={t("clients.searchPlaceholder")} className="w-72" />
        <SelectField
          label={t("clients.colSector")}
          name="secteur"
          defaultValue={sector}
          className="w-48"
          options={[{ value: "", label: t("common.all") }, ...companySectors.map((value) => ({ value, label: t(`sector.${value}`) }))]}
        />
        <Button type="submit" variant="secondary">
          {t("common.filter")}
        </Button>
      </Form>
      {companies.length === 0 ? (
        <EmptyState>{t("clients.empty")}</EmptyState>
      ) : (
        <Table caption={t("clients.companies")}>
          <thead>
            <tr>
              <Th>{t("clients.colName")}</Th>
              <Th>{t("clients.colSector")}</Th>
              <Th className="hidden md:table-cell">{t("clients.colCity")}</Th>
              <Th>{t("clients.colContacts")}</Th>
              <Th>{t("clients.colOpenTickets")}</Th>
              <Th className="hidden md:table-cell">{t("clients.colOwner")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {companies.map((company) => (
              <tr key={company.id}>
                <Td className="font-medium">{company.name}</Td>
                <Td>{t(`sector.${company.sector as (typeof companySectors)[number]}`)}</Td>
                <Td className="hidden md:table-cell">{company.city}</Td>
                <Td className="tabular-nums">{format.number(company.contactCount)}</Td>
                <Td className="tabular-nums">{format.number(company.openTicketCount)}</Td>
                <Td className="hidden md:table-cell">{company.owner?.name ?? "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
