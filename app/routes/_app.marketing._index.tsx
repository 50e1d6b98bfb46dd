import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Card, EmptyState, PageHeader, Stat, Table, Td, Th } from "~/components/ui/layout";
import { can } from "~/domain/identity/permissions";
import { audienceSummary } from "~/domain/marketing/audience.server";
import { isSuppressed } from "~/domain/marketing/consent/consent-states";
import { listSegments } from "~/domain/marketing/segments/segments.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Marketing · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:campaign");
  const showSegments = can(user, "update:campaign");
  const [audience, segments] = await Promise.all([audienceSummary(), showSegments ? listSegments({ archived: false }) : Promise.resolve(null)]);
  return { audience, segments: segments?.map((segment) => ({ id: segment.id, name: segment.name, description: segment.description, campaigns: segment.campaigns })) ?? null };
}

export default function MarketingOverviewPage() {
  const { audience, segments } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("consent.overview.title")} />
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label={t("consent.overview.contacts")} value={format.number(audience.contacts)} />
        <Stat label={`${t("consent.overview.mailable")} (${t("consent.overview.mailableHint")})`} value={format.number(audience.mailable)} />
        <Stat label={t("consent.overview.suppressed")} value={format.number(audience.suppressed)} tone={audience.suppressed > 0 ? "warning" : "default"} />
        <Stat label={t("consent.overview.noConsent")} value={format.number(audience.noConsent)} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("consent.overview.byState")}>
          <Table caption={t("consent.overview.byState")}>
            <thead>
              <tr>
                <Th>{t("consent.overview.state")}</Th>
                <Th>{t("consent.overview.addresses")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {audience.byState.map((row) => (
                <tr key={row.state}>
                  <Td>
                    {t(`consent.state.${row.state}`)}
                    {isSuppressed(row.state) ? <span className="text-slate-500"> · {t("consent.overview.suppressed")}</span> : null}
                  </Td>
                  <Td className="tabular-nums">{format.number(row.contacts)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card title={t("consent.overview.changes")}>
          {audience.changes.length === 0 ? (
            <EmptyState>{t("consent.overview.changesEmpty")}</EmptyState>
          ) : (
            <Table caption={t("consent.overview.changes")}>
              <thead>
                <tr>
                  <Th>{t("consent.overview.state")}</Th>
                  <Th>{t("consent.overview.addresses")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {audience.changes.map((row) => (
                  <tr key={row.state}>
                    <Td>{t(`consent.state.${row.state}`)}</Td>
                    <Td className="tabular-nums">{format.number(row.changes)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        {segments ? (
          <Card title={t("consent.overview.segments")} actions={<Link to="/marketing/segments" className="text-sm text-brand-700 underline">{t("consent.overview.allSegments")}</Link>}>
            {segments.length === 0 ? (
              <EmptyState>{t("consent.overview.segmentsEmpty")}</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100">
                {segments.map((segment) => (
                  <li key={segment.id} className="py-2">
                    <Link to={`/marketing/segments/${segment.id}`} className="font-medium text-brand-700 hover:underline">
                      {segment.name}
                    </Link>
                    {segment.description ? <p className="text-xs text-slate-500">{segment.description}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
