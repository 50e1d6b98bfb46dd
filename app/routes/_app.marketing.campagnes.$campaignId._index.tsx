import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { CampaignProgress } from "~/components/marketing/campaign-progress";
import { CampaignStatusBadge } from "~/components/marketing/campaign-status-badge";
import { useCampaignLive } from "~/components/marketing/use-campaign-live";
import { Button, ButtonLink } from "~/components/ui/button";
import { FormAlert, TextField } from "~/components/ui/field";
import { Card, PageHeader, Stat, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { can } from "~/domain/identity/permissions";
import { campaignAudience, excludedContacts } from "~/domain/marketing/campaigns/campaign-audience.server";
import { changeCampaignStatus, launchCampaign, scheduleCampaign } from "~/domain/marketing/campaigns/campaign-commands.server";
import { excludedRecipientsPage, getCampaignPage } from "~/domain/marketing/campaigns/campaign-queries.server";
import { localDateTimeValue, parseLocalDateTime } from "~/domain/marketing/campaigns/campaign-schedule";
import { exclusionReasons, nextStatus } from "~/domain/marketing/campaigns/campaign-status";
import { formatCents } from "~/domain/sales/money";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? "Campagne"} · Comptoir` }];

const PAGE_SIZE = 25;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:campaign");
  const campaign = await getCampaignPage(params.campaignId ?? "");
  if (!campaign) throw notFound();
  const mayWrite = can(user, "update:campaign");
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const launched = campaign.launchedAt !== null;
  // Before launch: the audience as it stands now (the same function the launch uses). After: what the launch kept.
  const preview = launched ? null : campaign.segments.length > 0 ? (await campaignAudience(campaign.id)).summary : null;
  const counts = launched ? campaign.exclusionCounts : (preview?.counts ?? null);
  const excluded = !mayWrite || !counts ? [] : launched ? await excludedRecipientsPage(campaign.id, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 }) : await excludedContacts(campaign.id, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 });
  return {
    mayWrite,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      subject: campaign.subject,
      sender: `${campaign.fromName} <${campaign.fromAddress}>`,
      segments: campaign.segments,
      excludeOpenIncidents: campaign.excludeOpenIncidents,
      ratePerMinute: campaign.ratePerMinute,
      costCents: campaign.costCents,
      scheduledAt: campaign.scheduledAt?.toISOString() ?? null,
      scheduledLocal: campaign.scheduledAt ? localDateTimeValue(campaign.scheduledAt, WORKSPACE_TIME_ZONE) : "",
      launchedAt: campaign.launchedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
      launchedBy: campaign.launchedBy?.name ?? null,
      recipientCount: launched ? campaign.recipientCount : (preview?.recipients ?? 0),
    },
    counts,
    progress: campaign.progress,
    excluded: excluded.slice(0, PAGE_SIZE).map((row) => ({ contactId: row.contactId, name: `${row.firstName} ${row.lastName}`.trim(), address: row.address, companyName: row.companyName, reason: row.reason })),
    page,
    hasNextPage: excluded.length > PAGE_SIZE,
  };
}

const intents = ["launch", "schedule", "unschedule", "pause", "resume", "cancel"] as const;
type Intent = (typeof intents)[number];
const toasts: Record<Intent, MessageKey> = {
  launch: "campaign.toast.launched",
  schedule: "campaign.toast.scheduled",
  unschedule: "campaign.toast.unscheduled",
  pause: "campaign.toast.paused",
  resume: "campaign.toast.resumed",
  cancel: "campaign.toast.cancelled",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:campaign");
  const campaignId = params.campaignId ?? "";
  if (!(await getCampaignPage(campaignId))) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  if (!intents.includes(intent)) return data({ error: "validation.choose" as MessageKey }, { status: 400 });
  const here = `/marketing/campagnes/${campaignId}`;
  try {
    if (intent === "launch") {
      const result = await launchCampaign(user, campaignId);
      if (!result.launched) return redirectWithToast(here, { kind: "info", message: "campaign.toast.alreadyLaunched" });
    } else if (intent === "schedule") {
      const at = parseLocalDateTime(String(form.get("scheduledAt") ?? ""), WORKSPACE_TIME_ZONE);
      if (!at) return data({ error: "campaign.error.scheduleInvalid" as MessageKey }, { status: 400 });
      await scheduleCampaign(user, campaignId, at);
    } else {
      await changeCampaignStatus(user, campaignId, intent);
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ error: error.code }, { status: 409 });
  }
  return redirectWithToast(here, { kind: "success", message: toasts[intent] });
}

function ActionButton({ intent, label, variant = "secondary" }: { intent: Intent; label: string; variant?: "primary" | "secondary" | "danger" }) {
  const navigation = useNavigation();
  return (
    <Form method="post">
      <CsrfField />
      <Button type="submit" name="intent" value={intent} variant={variant} disabled={navigation.state !== "idle"}>
        {label}
      </Button>
    </Form>
  );
}

export default function CampaignPage() {
  const { campaign, counts, progress, excluded, page, hasNextPage, mayWrite } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, format } = useI18n();
  const live = useCampaignLive(campaign.id, progress ? { sent: progress.sent, failed: progress.failed, total: progress.total } : null);
  const status = campaign.status;
  const editable = status === "draft" || status === "scheduled";
  return (
    <>
      <nav aria-label={t("campaign.breadcrumb")} className="mb-2 text-sm">
        <Link to="/marketing/campagnes" className="text-brand-700 hover:underline">
          {t("campaign.list.title")}
        </Link>
      </nav>
      <PageHeader
        title={campaign.name}
        description={campaign.subject}
        actions={
          mayWrite && editable ? (
            <ButtonLink to={`/marketing/campagnes/${campaign.id}/modifier`} variant="secondary">
              {t("campaign.page.edit")}
            </ButtonLink>
          ) : campaign.launchedAt ? (
            <ButtonLink to={`/marketing/campagnes/${campaign.id}/resultats`} variant="secondary">
              {t("campaign.page.results")}
            </ButtonLink>
          ) : null
        }
      />
      {result && "error" in result ? <FormAlert>{t(result.error)}</FormAlert> : null}
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label={t("campaign.page.status")} value={<CampaignStatusBadge status={status} />} />
        <Stat label={campaign.launchedAt ? t("campaign.page.recipients") : t("campaign.page.recipientsNow")} value={format.number(campaign.recipientCount)} />
        <Stat label={t("campaign.page.segments")} value={<span className="block text-base font-medium leading-snug">{campaign.segments.map((segment) => segment.name).join(", ") || "—"}</span>} />
        <Stat label={t("campaign.page.cost")} value={campaign.costCents === null ? "—" : formatCents(campaign.costCents)} />
      </div>
      <dl className="mb-6 grid gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="inline text-slate-600">{t("campaign.page.sender")} : </dt>
          <dd className="inline">{campaign.sender}</dd>
        </div>
        <div>
          <dt className="inline text-slate-600">{t("campaign.page.rate")} : </dt>
          <dd className="inline">{t("campaign.page.ratePerMinute", { rate: format.number(campaign.ratePerMinute) })}</dd>
        </div>
        {campaign.scheduledAt ? (
          <div>
            <dt className="inline text-slate-600">{t("campaign.page.scheduledAt")} : </dt>
            <dd className="inline">{format.dateTime(campaign.scheduledAt)}</dd>
          </div>
        ) : null}
        {campaign.launchedAt ? (
          <div>
            <dt className="inline text-slate-600">{t("campaign.page.launchedAt")} : </dt>
            <dd className="inline">
              {format.dateTime(campaign.launchedAt)}
              {campaign.launchedBy ? ` (${campaign.launchedBy})` : ""}
            </dd>
          </div>
        ) : null}
        {campaign.finishedAt ? (
          <div>
            <dt className="inline text-slate-600">{t("campaign.page.finishedAt")} : </dt>
            <dd className="inline">{format.dateTime(campaign.finishedAt)}</dd>
          </div>
        ) : null}
      </dl>

      {live ? <CampaignProgress sent={live.sent} failed={live.failed} total={live.total} /> : null}

      {mayWrite ? (
        <div className="my-6 flex flex-wrap items-end gap-3">
          {nextStatus(status, "launch") ? <ActionButton intent="launch" label={t("campaign.action.launch")} variant="primary" /> : null}
          {status === "draft" || status === "scheduled" ? (
            <Form method="post" className="flex items-end gap-2">
              <CsrfField />
              <TextField label={t("campaign.page.scheduleAt")} name="scheduledAt" type="datetime-local" defaultValue={campaign.scheduledLocal} />
              <Button type="submit" name="intent" value="schedule" variant="secondary">
                {t("campaign.action.schedule")}
              </Button>
            </Form>
          ) : null}
          {nextStatus(status, "unschedule") ? <ActionButton intent="unschedule" label={t("campaign.action.unschedule")} /> : null}
          {nextStatus(status, "pause") ? <ActionButton intent="pause" label={t("campaign.action.pause")} /> : null}
          {nextStatus(status, "resume") ? <ActionButton intent="resume" label={t("campaign.action.resume")} variant="primary" /> : null}
          {nextStatus(status, "cancel") ? <ActionButton intent="cancel" label={t("campaign.action.cancel")} variant="danger" /> : null}
        </div>
      ) : null}

      <Card title={campaign.launchedAt ? t("campaign.exclusions.titleKept") : t("campaign.exclusions.titlePreview")}>
        {counts === null ? (
          <p className="text-sm text-slate-600">{t("campaign.exclusions.noSegment")}</p>
        ) : (
          <>
            {!campaign.launchedAt && campaign.recipientCount === 0 ? <FormAlert>{t("campaign.error.noRecipients")}</FormAlert> : null}
            <Table caption={t("campaign.exclusions.countsCaption")}>
              <thead>
                <tr>
                  <Th>{t("campaign.exclusions.reason")}</Th>
                  <Th className="text-right">{t("campaign.exclusions.contacts")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {exclusionReasons.map((reason) => (
                  <tr key={reason}>
                    <Td>{t(`campaign.exclusion.${reason}`)}</Td>
                    <Td className="text-right tabular-nums">{format.number(counts[reason])}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {!campaign.excludeOpenIncidents ? <p className="mt-2 text-sm text-amber-800">{t("campaign.exclusions.incidentsIncluded")}</p> : null}
            {mayWrite ? (
              <div className="mt-4">
                <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("campaign.exclusions.listTitle")}</h3>
                {excluded.length === 0 ? (
                  <p className="text-sm text-slate-600">{t("campaign.exclusions.none")}</p>
                ) : (
                  <Table caption={t("campaign.exclusions.listTitle")}>
                    <thead>
                      <tr>
                        <Th>{t("campaign.exclusions.contact")}</Th>
                        <Th>{t("campaign.exclusions.company")}</Th>
                        <Th>{t("campaign.exclusions.address")}</Th>
                        <Th>{t("campaign.exclusions.reason")}</Th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {excluded.map((row) => (
                        <tr key={row.contactId ?? row.address ?? ""}>
                          <Td>{row.contactId ? <Link to={`/clients/contacts/${row.contactId}`} className="text-brand-700 hover:underline">{row.name || "—"}</Link> : row.name || "—"}</Td>
                          <Td>{row.companyName ?? "—"}</Td>
                          <Td>{row.address ?? "—"}</Td>
                          <Td>{(exclusionReasons as readonly string[]).includes(row.reason) ? t(`campaign.exclusion.${row.reason as (typeof exclusionReasons)[number]}`) : row.reason}</Td>
                        </tr>
                      ))}
                    </tbody>
                  </Table>
                )}
                <nav aria-label={t("campaign.exclusions.pages")} className="mt-2 flex gap-3 text-sm">
                  {page > 1 ? <Link to={`?page=${page - 1}`} className="text-brand-700 hover:underline">{t("campaign.exclusions.previous")}</Link> : null}
                  {hasNextPage ? <Link to={`?page=${page + 1}`} className="text-brand-700 hover:underline">{t("campaign.exclusions.next")}</Link> : null}
                </nav>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
