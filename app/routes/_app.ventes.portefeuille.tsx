import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { listCompanies } from "~/domain/customers/company-queries.server";
import { accessFor } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Ventes · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  // A sales rep sees their own portfolio; managers and admins see every followed company.
  const ownOnly = user.role === "sales";
  const companies = await listCompanies(user, ownOnly ? { ownerId: user.id } : {});
  return {
    ownOnly,
    canReadTickets: accessFor(user, "read:ticket") !== null,
    companies: ownOnly ? companies : companies.filter((company) => company.owner !== null),
  };
}

export default function SalesPage() {
  const { ownOnly, canReadTickets, companies } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("sales.title")} description={t("sales.portfolioIntro")} />
      <h2 className="mb-3 text-lg font-semibold">{ownOnly ? t("sales.portfolio") : t("sales.allCompanies")}</h2>
      {companies.length === 0 ? (
        <EmptyState>{t("sales.empty")}</EmptyState>
      ) : (
        <Table caption={t("sales.portfolio")}>
          <thead>
            <tr>
              <Th>{t("clients.colName")}</Th>
              <Th className="hidden md:table-cell">{t("clients.colCity")}</Th>
              {!ownOnly ? <Th>{t("clients.colOwner")}</Th> : null}
              {canReadTickets ? <Th>{t("clients.colOpenTickets")}</Th> : null}
              {canReadTickets ? <Th>{t("sales.colLastTicket")}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {companies.map((company) => (
              <tr key={company.id}>
                <Td className="font-medium">{company.name}</Td>
                <Td className="hidden md:table-cell">{company.city}</Td>
                {!ownOnly ? <Td>{company.owner?.name}</Td> : null}
                {canReadTickets ? <Td className="tabular-nums">{format.number(company.openTicketCount)}</Td> : null}
                {canReadTickets ? (
                  <Td>
                    {company.lastTicket ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="text-slate-500">{format.date(company.lastTicket.createdAt)}</span>
                        <span>{company.lastTicket.subject}</span>
                        <StatusBadge status={company.lastTicket.status} />
                      </span>
                    ) : (
                      "—"
                    )}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
