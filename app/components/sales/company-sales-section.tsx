import { Link } from "@remix-run/react";
import type { CompanySales } from "~/domain/sales/company-sales.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { Detail } from "../customers/clients-nav";
import { useI18n } from "../i18n";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/layout";
import { useSalesFormat } from "./sales-format";
import { ServicePanel } from "./service-panel";
import { LifecycleBadge, StageBadge } from "./stage-kind-badge";

type Props = Omit<CompanySales, "lifecycle" | "deals"> & {
  lifecycle: { lifecycleStage: string; prospectSource: string; clientSince: Date | string | null; lostAt: Date | string | null; lostReason: string };
  deals: {
    open: Array<DealLine>;
    closed: Array<DealLine>;
    openCount: number;
  } | null;
};
type DealLine = { id: string; title: string; amountCents: number; expectedCloseDate: Date | string | null; closedAt: Date | string | null; stage: { name: string; kind: string } };

/**
 * The sales block of a company page: its lifecycle (prospect, client since, lost and why, source),
 * its deals with "New deal", and the service panel. What the viewer may not read is left out.
 */
export function CompanySalesSection({ companyId, lifecycle, deals, canCreateDeal, service }: Props) {
  const { t, format } = useI18n();
  const money = useSalesFormat();
  return (
    <div className="space-y-6" data-testid="company-sales">
      <Card
        title={t("sales.company.title")}
        actions={
          canCreateDeal ? (
            <ButtonLink to={`/ventes/affaires/nouvelle?companyId=${encodeURIComponent(companyId)}`} size="sm">
              {t("sales.deal.new")}
            </ButtonLink>
          ) : null
        }
      >
        <dl className="divide-y divide-slate-100">
          <Detail label={t("sales.company.lifecycle")}>
            <span data-testid="lifecycle-badge">
              <LifecycleBadge stage={lifecycle.lifecycleStage} />
            </span>
          </Detail>
          {lifecycle.clientSince ? <Detail label={t("sales.company.clientSince")}>{format.date(lifecycle.clientSince)}</Detail> : null}
          {lifecycle.lifecycleStage === "former_client" && lifecycle.lostAt ? (
            <Detail label={t("sales.company.lostAt")}>
              {format.date(lifecycle.lostAt)}
              {lifecycle.lostReason ? <span className="block text-slate-600">{lifecycle.lostReason}</span> : null}
            </Detail>
          ) : null}
          {lifecycle.prospectSource ? <Detail label={t("sales.company.prospectSource")}>{t(`sales.source.${lifecycle.prospectSource}` as MessageKey)}</Detail> : null}
        </dl>
        {deals ? (
          <div className="mt-4">
            <h3 className="text-sm font-semibold text-slate-900">{t("sales.company.deals", { count: format.number(deals.openCount) })}</h3>
            {deals.open.length === 0 && deals.closed.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">{t("sales.company.noDeals")}</p>
            ) : (
              <ul className="mt-2 space-y-2 text-sm">
                {[...deals.open, ...deals.closed].map((deal) => (
                  <li key={deal.id} className="flex flex-wrap items-center gap-2" data-testid={`company-deal-${deal.id}`}>
                    <Link to={`/ventes/affaires/${deal.id}`} className="font-medium text-brand-700 hover:underline">
                      {deal.title}
                    </Link>
                    <StageBadge name={deal.stage.name} kind={deal.stage.kind} />
                    <span className="tabular-nums text-slate-800">{money.cents(deal.amountCents)}</span>
                    {deal.closedAt ? (
                      <span className="text-xs text-slate-500">{format.date(deal.closedAt)}</span>
                    ) : deal.expectedCloseDate ? (
                      <span className="text-xs text-slate-500">{t("sales.kanban.closeOn", { date: format.date(deal.expectedCloseDate) })}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {deals.openCount > deals.open.length ? (
              <Link to={`/ventes/affaires?statut=ouvertes&societe=${encodeURIComponent(companyId)}`} className="mt-2 inline-block text-sm text-brand-700 hover:underline">
                {t("sales.company.allDeals")}
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
      {service ? <ServicePanel service={service} /> : null}
    </div>
  );
}
