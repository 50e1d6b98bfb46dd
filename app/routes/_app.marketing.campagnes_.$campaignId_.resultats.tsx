import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ReportChart } from "~/components/reporting/report-chart";
import { useCampaignLive } from "~/components/marketing/use-campaign-live";
import { useOptionalRealtime } from "~/components/realtime/realtime-provider";
import { ButtonLink } from "~/components/ui/button";
import { Card, EmptyState, PageHeader, Stat, Table, Td, Th } from "~/components/ui/layout";
import { can } from "~/domain/identity/permissions";
import { campaignResults, type CampaignResults } from "~/domain/marketing/campaigns/campaign-results.server";
import type { ChartData } from "~/domain/reporting/report-section";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";
import { intlTag, isLocale } from "~/lib/i18n/locales";
import type { MessageKey } from "~/lib/i18n/translate";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

/**
 * A campaign's results (docs/marketing.md, "Results"): read:campaign (marketing, managers, sales).
 * The recipients' CSV is offered only to update:campaign. Everything the page shows comes from
 * this loader, so a revalidation when campaign.progressed / campaign.engagement events arrive
 * (the campaign page's live hook) refreshes every figure and chart at once.
 *
 * Not nested in the campaign page's route (the `_` suffixes): it has its own frame.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.results.campaign.name} · Résultats · Comptoir` : "Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:campaign");
  const results = await campaignResults(params.campaignId ?? "");
  if (!results) throw notFound();
  const locale = isLocale(user.locale) ? user.locale : "fr";
  return { results, canExport: can(user, "update:campaign"), charts: resultCharts(results, locale) };
}

/** The charts' data, their x labels already in the user's language and time zone. */
function resultCharts(results: CampaignResults, locale: "fr" | "en"): { overTime: ChartData | null; funnel: ChartData } {
  const hour = new Intl.DateTimeFormat(intlTag(locale), { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit", timeZone: WORKSPACE_TIME_ZONE });
  const day = new Intl.DateTimeFormat(intlTag(locale), { day: "2-digit", month: "2-digit", timeZone: WORKSPACE_TIME_ZONE });
  const overTime: ChartData | null =
    results.overTime.length === 0
      ? null
      : {
          id: "campaign-over-time",
          title: "campaignResults.overTime",
          // Bars: each bucket is a separate count (hours, then days), not a continuous curve.
          kind: "bar",
          x: { kind: "label", label: "campaignResults.overTimeAxis" },
          series: [
            { key: "opens", label: "campaignResults.series.opens", format: "count" },
            { key: "clicks", label: "campaignResults.series.clicks", format: "count" },
          ],
          rows: results.overTime.map((bucket) => ({
            x: (bucket.unit === "hour" ? hour : day).format(new Date(bucket.startsAt)).replaceAll(".", ""),
            values: { opens: bucket.opens, clicks: bucket.clicks },
          })),
        };
  const steps: Array<[MessageKey, number]> = [
    ["campaignResults.funnelStep.sent", results.sent],
    ["campaignResults.funnelStep.delivered", results.delivered],
    ["campaignResults.funnelStep.opened", results.uniqueOpens],
    ["campaignResults.funnelStep.clicked", results.uniqueClicks],
    ["campaignResults.funnelStep.replied", results.replies],
  ];
  const funnel: ChartData = {
    id: "campaign-funnel",
    title: "campaignResults.funnel",
    kind: "bar",
    x: { kind: "label", label: "campaignResults.funnelAxis" },
    series: [{ key: "contacts", label: "campaignResults.series.contacts", format: "count" }],
    rows: steps.map(([label, value]) => ({ x: label, values: { contacts: value } })),
  };
  return { overTime, funnel };
}

export default function CampaignResultsPage() {
  const { results, canExport, charts } = useLoaderData<typeof loader>();
  const { t, format, locale } = useI18n();
  const percent = new Intl.NumberFormat(intlTag(locale), { style: "percent", maximumFractionDigits: 1 });
  const pct = (value: number | null) => (value === null ? "—" : percent.format(value));
  const euros = (cents: number | null) => (cents === null ? "—" : format.euros(cents / 100));
  const { campaign } = results;
  const base = `/marketing/campagnes/${campaign.id}`;
  // Live while it sends: status changes and reactions reload the figures (the hook), and so does the sender's progress.
  const live = useCampaignLive(campaign.id, null);
  const realtime = useOptionalRealtime();
  useEffect(() => {
    if (live) realtime?.refreshSoon();
  }, [live?.sent, live?.failed]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <PageHeader
        title={t("campaignResults.pageTitle", { name: campaign.name })}
        description={campaign.launchedAt ? t("campaignResults.launched", { date: format.dateTime(campaign.launchedAt) }) : undefined}
        actions={
          <div className="flex flex-wrap gap-2">
            <ButtonLink to={base}>{t("campaignResults.backToCampaign")}</ButtonLink>
            {canExport && campaign.launchedAt ? (
              <a href={`${base}/resultats/destinataires.csv`} download className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
                {t("campaignResults.export")}
              </a>
            ) : null}
          </div>
        }
      />
      {!campaign.launchedAt ? (
        <EmptyState>{t("campaignResults.notLaunched")}</EmptyState>
      ) : (
        <div className="space-y-6" data-testid="campaign-results">
          <section aria-labelledby="results-delivery">
            <h2 id="results-delivery" className="mb-3 text-lg font-semibold text-slate-900">
              {t("campaignResults.delivery")}
            </h2>
            <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
              <Stat label={t("campaignResults.recipients")} value={format.number(results.recipients)} />
              <Stat label={t("campaignResults.excludedTotal")} value={format.number(results.excludedTotal)} />
              <Stat label={t("campaignResults.sent")} value={format.number(results.sent)} />
              <Stat label={t("campaignResults.delivered")} value={format.number(results.delivered)} />
              <Stat label={t("campaignResults.bouncedHard")} value={format.number(results.bouncedHard)} tone={results.bouncedHard > 0 ? "warning" : "default"} />
              <Stat label={t("campaignResults.bouncedSoft")} value={format.number(results.bouncedSoft)} />
            </div>
          </section>
          <section aria-labelledby="results-engagement">
            <h2 id="results-engagement" className="mb-3 text-lg font-semibold text-slate-900">
              {t("campaignResults.engagement")}
            </h2>
            <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
              <Stat
                label={t("campaignResults.uniqueOpens")}
                value={
                  <>
                    {format.number(results.uniqueOpens)} <span className="text-sm font-normal text-slate-600">{t("campaignResults.rateOfDelivered", { rate: pct(results.openRate) })}</span>
                  </>
                }
              />
              <Stat
                label={t("campaignResults.uniqueClicks")}
                value={
                  <>
                    {format.number(results.uniqueClicks)} <span className="text-sm font-normal text-slate-600">{t("campaignResults.rateOfDelivered", { rate: pct(results.clickRate) })}</span>
                  </>
                }
              />
              <Stat label={t("campaignResults.replies")} value={format.number(results.replies)} />
              <Stat label={t("campaignResults.unsubscribes")} value={format.number(results.unsubscribes)} />
              <Stat label={t("campaignResults.complaints")} value={format.number(results.complaints)} tone={results.complaints > 0 ? "danger" : "default"} />
            </div>
          </section>
          <div className="grid gap-6 lg:grid-cols-2">
            {charts.overTime ? <ReportChart chart={charts.overTime} /> : <Card title={t("campaignResults.overTime")}><EmptyState>{t("campaignResults.overTimeEmpty")}</EmptyState></Card>}
            <ReportChart chart={charts.funnel} />
          </div>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={t("campaignResults.linksTitle")}>
              {results.links.length === 0 ? (
                <EmptyState>{t("campaignResults.linksNone")}</EmptyState>
              ) : (
                <Table caption={t("campaignResults.linksTitle")}>
                  <thead>
                    <tr>
                      <Th>{t("campaignResults.link")}</Th>
                      <Th className="text-right">{t("campaignResults.linkUnique")}</Th>
                      <Th className="text-right">{t("campaignResults.linkTotal")}</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {results.links.map((link) => (
                      <tr key={link.position}>
                        <Td className="max-w-xs break-all">{link.url}</Td>
                        <Td className="text-right tabular-nums">{format.number(link.uniqueClicks)}</Td>
                        <Td className="text-right tabular-nums">{format.number(link.totalClicks)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
            <Card title={t("campaignResults.excludedTitle")}>
              {results.excluded.length === 0 ? (
                <EmptyState>{t("campaignResults.excludedNone")}</EmptyState>
              ) : (
                <Table caption={t("campaignResults.excludedTitle")}>
                  <thead>
                    <tr>
                      <Th>{t("campaignResults.reason")}</Th>
                      <Th className="text-right">{t("campaignResults.count")}</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {results.excluded.map((entry) => (
                      <tr key={entry.reason}>
                        <Td>{t(`campaignResults.exclusion.${entry.reason}` as MessageKey)}</Td>
                        <Td className="text-right tabular-nums">{format.number(entry.count)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
          </div>
          <Card title={t("campaignResults.followedTitle")}>
            <p className="mb-4 text-sm text-slate-600">
              {t("campaignResults.followedHint", { date: campaign.attributionEndsAt ? format.date(campaign.attributionEndsAt) : "—", days: campaign.attributionDays })}
            </p>
            <div className="grid gap-4 sm:grid-cols-3">
              <Stat label={t("campaignResults.dealsCreated")} value={format.number(results.deals.created)} />
              <Stat label={t("campaignResults.dealsWon")} value={format.number(results.deals.won)} />
              <Stat label={t("campaignResults.wonAmount")} value={euros(results.deals.wonCents)} />
              <Stat label={t("campaignResults.cost")} value={euros(campaign.costCents)} />
              <Stat label={t("campaignResults.costPerRecipient")} value={euros(results.costPerRecipientCents)} />
              <Stat label={t("campaignResults.roi")} value={pct(results.roi)} />
            </div>
            {campaign.costCents === null ? <p className="mt-3 text-sm text-slate-600">{t("campaignResults.costNone")}</p> : null}
          </Card>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
