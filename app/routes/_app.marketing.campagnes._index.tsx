import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ExportForm } from "~/components/exports/export-form";
import { useI18n } from "~/components/i18n";
import { CampaignStatusBadge } from "~/components/marketing/campaign-status-badge";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { can } from "~/domain/identity/permissions";
import { listCampaigns } from "~/domain/marketing/campaigns/campaign-queries.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Campagnes · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:campaign");
  const campaigns = await listCampaigns();
  return {
    mayCreate: can(user, "create:campaign"),
    canExport: can(user, "export:campaign"),
    campaigns: campaigns.map((campaign) => ({
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      segments: campaign.segments.map((segment) => segment.name),
      date: (campaign.launchedAt ?? campaign.scheduledAt)?.toISOString() ?? null,
      dateKind: campaign.launchedAt ? ("sent" as const) : campaign.scheduledAt ? ("scheduled" as const) : null,
      recipients: campaign.launchedAt ? campaign.recipientCount : null,
    })),
  };
}

export default function CampaignsPage() {
  const { campaigns, mayCreate, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("campaign.list.title")} actions={mayCreate ? <ButtonLink to="/marketing/campagnes/nouvelle">{t("campaign.list.new")}</ButtonLink> : null} />
      {canExport && campaigns.length > 0 ? <ExportForm action="/marketing/campagnes/export.csv" className="mb-3 flex flex-wrap items-end justify-end gap-2" /> : null}
      {campaigns.length === 0 ? (
        <EmptyState>{t("campaign.list.empty")}</EmptyState>
      ) : (
        <Table caption={t("campaign.list.title")}>
          <thead>
            <tr>
              <Th>{t("campaign.list.name")}</Th>
              <Th>{t("campaign.list.status")}</Th>
              <Th>{t("campaign.list.segments")}</Th>
              <Th>{t("campaign.list.date")}</Th>
              <Th className="text-right">{t("campaign.list.recipients")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {campaigns.map((campaign) => (
              <tr key={campaign.id}>
                <Td>
                  <Link to={`/marketing/campagnes/${campaign.id}`} className="font-medium text-brand-700 hover:underline">
                    {campaign.name}
                  </Link>
                </Td>
                <Td>
                  <CampaignStatusBadge status={campaign.status} />
                </Td>
                <Td>{campaign.segments.join(", ") || "—"}</Td>
                <Td>{campaign.date ? `${t(campaign.dateKind === "sent" ? "campaign.list.sentOn" : "campaign.list.scheduledFor")} ${format.dateTime(campaign.date)}` : "—"}</Td>
                <Td className="text-right tabular-nums">{campaign.recipients === null ? "—" : format.number(campaign.recipients)}</Td>
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
