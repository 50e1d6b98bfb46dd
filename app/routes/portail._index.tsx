import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { PortalErrorPage } from "~/components/portal/portal-shell";
import { ButtonLink } from "~/components/ui/button";
import { pillClasses } from "~/components/ui/filter-pills";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { listPortalTickets, portalTicketCounts } from "~/domain/portal/portal-tickets.server";
import { portalListFilters, portalListScopes, type PortalListFilter, type PortalListScope } from "~/domain/portal/portal-vocabulary";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { requireCustomer, viewerOf } from "~/lib/portal/portal-auth.server";

export const meta: MetaFunction = () => [{ title: "Mes demandes · Espace client · Comptoir" }];

const filterLabels: Record<PortalListFilter, MessageKey> = { open: "portal.list.open", closed: "portal.list.closed", all: "portal.list.all" };

/** The customer's requests (and their company's, for a company manager), newest activity first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const customer = await requireCustomer(request);
  const viewer = viewerOf(customer);
  const url = new URL(request.url);
  const filterParam = url.searchParams.get("statut");
  const filter: PortalListFilter = (portalListFilters as readonly string[]).includes(filterParam ?? "") ? (filterParam as PortalListFilter) : "open";
  const scopeParam = url.searchParams.get("vue");
  const scope: PortalListScope = viewer.companyManager && (portalListScopes as readonly string[]).includes(scopeParam ?? "") ? (scopeParam as PortalListScope) : "mine";
  const page = Number(url.searchParams.get("page") ?? 1);
  const [list, counts] = await Promise.all([listPortalTickets(viewer, { filter, scope, page }), portalTicketCounts(viewer, scope)]);
  return { ...list, counts, filter, scope, companyManager: viewer.companyManager, companyName: customer.companyName, firstName: customer.firstName };
}

export default function PortalHomePage() {
  const { tickets, counts, filter, scope, companyManager, companyName, firstName, page, pageCount, total } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const href = (changes: Partial<{ statut: string; vue: string; page: number }>) => {
    const params = new URLSearchParams();
    const next = { statut: filter, vue: scope, page: 1, ...changes };
    if (next.statut !== "open") params.set("statut", next.statut);
    if (next.vue !== "mine") params.set("vue", next.vue);
    if (next.page > 1) params.set("page", String(next.page));
    const query = params.toString();
    return query ? `/portail?${query}` : "/portail";
  };
  return (
    <>
      <PageHeader
        title={firstName ? t("portal.list.greeting", { name: firstName }) : t("portal.list.title")}
        description={scope === "company" && companyName ? t("portal.list.companyIntro", { company: companyName }) : t("portal.list.intro")}
        actions={
          <ButtonLink to="/portail/nouvelle-demande" variant="primary">
            {t("portal.nav.newRequest")}
          </ButtonLink>
        }
      />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <nav className="flex flex-wrap gap-2" aria-label={t("portal.list.filter")}>
          {portalListFilters.map((option) => (
            <Link key={option} to={href({ statut: option })} aria-current={option === filter ? "page" : undefined} className={pillClasses(option === filter)}>
              {t(filterLabels[option])}
              <span className="tabular-nums opacity-80">{format.number(counts[option])}</span>
            </Link>
          ))}
        </nav>
        {companyManager ? (
          <nav className="flex gap-2" aria-label={t("portal.list.scope")}>
            <Link to={href({ vue: "mine" })} aria-current={scope === "mine" ? "page" : undefined} className={pillClasses(scope === "mine")}>
              {t("portal.list.mine")}
            </Link>
            <Link to={href({ vue: "company" })} aria-current={scope === "company" ? "page" : undefined} className={pillClasses(scope === "company")}>
              {t("portal.list.company", { company: companyName ?? "" })}
            </Link>
          </nav>
        ) : null}
      </div>
      {tickets.length === 0 ? (
        <EmptyState>{filter === "open" ? t("portal.list.emptyOpen") : t("portal.list.empty")}</EmptyState>
      ) : (
        <Table caption={t("portal.list.title")}>
          <thead>
            <tr>
              <Th>{t("portal.list.colNumber")}</Th>
              <Th>{t("portal.list.colSubject")}</Th>
              {scope === "company" ? <Th>{t("portal.list.colRequester")}</Th> : null}
              <Th>{t("portal.list.colStatus")}</Th>
              <Th>{t("portal.list.colUpdated")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tickets.map((ticket) => (
              <tr key={ticket.number} className="hover:bg-slate-50">
                <Td className="whitespace-nowrap tabular-nums text-slate-600">{`#${ticket.number}`}</Td>
                <Td>
                  <Link to={`/portail/tickets/${ticket.number}`} className="font-medium text-brand-700 hover:underline">
                    {ticket.subject}
                  </Link>
                </Td>
                {scope === "company" ? <Td className="text-slate-600">{ticket.requesterName ?? t("portal.list.me")}</Td> : null}
                <Td>
                  <StatusBadge status={ticket.status} />
                </Td>
                <Td className="whitespace-nowrap text-slate-600">
                  <time dateTime={new Date(ticket.lastActivityAt).toISOString()} title={format.dateTime(ticket.lastActivityAt)}>
                    {format.relative(ticket.lastActivityAt)}
                  </time>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pageCount > 1 ? (
        <nav className="mt-4 flex items-center justify-between text-sm" aria-label={t("portal.list.pages")}>
          <span className="text-slate-600">{t("portal.list.pageOf", { page, pages: pageCount, total })}</span>
          <span className="flex gap-2">
            {page > 1 ? (
              <ButtonLink to={href({ page: page - 1 })} size="sm">
                {t("common.previous")}
              </ButtonLink>
            ) : null}
            {page < pageCount ? (
              <ButtonLink to={href({ page: page + 1 })} size="sm">
                {t("common.next")}
              </ButtonLink>
            ) : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <PortalErrorPage />;
}
