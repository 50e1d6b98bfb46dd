import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import type { companySalesDocuments } from "~/domain/sales/company-documents.server";
import { ContractStateBadge } from "./contract-state-badge";
import { QuoteStatusBadge } from "./quote-status-badge";
import { useMoney } from "./use-money";

type Documents = SerializeFrom<NonNullable<Awaited<ReturnType<typeof companySalesDocuments>>>>;

/** On the company page: its maintenance contracts, latest quotes and orders, and the ways to write new ones. */
export function CompanyDocumentsSection({ companyId, documents }: { companyId: string; documents: Documents }) {
  const { t, format } = useI18n();
  const money = useMoney();
  return (
    <Card
      title={t("sales.companyDocs.title")}
      actions={
        documents.canCreate ? (
          <div className="flex gap-2">
            <ButtonLink to={`/ventes/devis/nouveau?companyId=${companyId}`} size="sm">
              {t("sales.quote.new")}
            </ButtonLink>
            <ButtonLink to={`/ventes/contrats/nouveau?companyId=${companyId}`} size="sm">
              {t("sales.contract.new")}
            </ButtonLink>
          </div>
        ) : null
      }
    >
      <div className="space-y-4 text-sm" data-testid="company-documents">
        <section aria-labelledby="company-contracts">
          <h3 id="company-contracts" className="mb-1 font-medium text-slate-800">
            <Link to={`/ventes/contrats?societe=${companyId}`} className="hover:underline">
              {t("sales.companyDocs.contracts")}
            </Link>
          </h3>
          {documents.contracts.length === 0 ? (
            <p className="text-slate-600">{t("sales.companyDocs.noContract")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {documents.contracts.map((contract) => (
                <li key={contract.id} className="flex items-start justify-between gap-2 py-1.5">
                  <span className="min-w-0">
                    <Link to={`/ventes/contrats/${contract.id}`} className="font-medium text-brand-700 hover:underline">
                      {contract.title}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {t("sales.companyDocs.contractEnds", { date: format.date(contract.endDate) })} · {money.euros(contract.yearlyAmountCents)}
                      {contract.inForce ? "" : ` · ${t("sales.companyDocs.notInForce")}`}
                    </span>
                  </span>
                  <ContractStateBadge state={contract.state} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="company-quotes">
          <h3 id="company-quotes" className="mb-1 font-medium text-slate-800">
            <Link to={`/ventes/devis?societe=${companyId}`} className="hover:underline">
              {t("sales.companyDocs.quotes")}
            </Link>
          </h3>
          {documents.quotes.length === 0 ? (
            <p className="text-slate-600">{t("sales.companyDocs.noQuote")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {documents.quotes.map((quote) => (
                <li key={quote.id} className="flex items-center justify-between gap-2 py-1.5">
                  <Link to={`/ventes/devis/${quote.id}`} className="font-medium tabular-nums text-brand-700 hover:underline">
                    {quote.number}
                  </Link>
                  <span className="flex items-center gap-2">
                    <span className="tabular-nums text-slate-600">{money.euros(quote.totalExclCents)}</span>
                    <QuoteStatusBadge status={quote.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="company-orders">
          <h3 id="company-orders" className="mb-1 font-medium text-slate-800">
            {t("sales.companyDocs.orders")}
          </h3>
          {documents.orders.length === 0 ? (
            <p className="text-slate-600">{t("sales.companyDocs.noOrder")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {documents.orders.map((order) => (
                <li key={order.id} className="flex items-center justify-between gap-2 py-1.5">
                  <Link to={`/ventes/commandes/${order.id}`} className="font-medium tabular-nums text-brand-700 hover:underline">
                    {order.number}
                  </Link>
                  <span className="text-slate-600">
                    {format.date(order.orderedAt)} · <span className="tabular-nums">{money.euros(order.totalExclCents)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}
