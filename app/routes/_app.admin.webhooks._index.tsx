import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Badge, EmptyState, Table, Td, Th, type BadgeTone } from "~/components/ui/layout";
import { listWebhookEndpoints } from "~/domain/webhooks/webhook-endpoints.server";
import { requireUser } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Webhooks · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const endpoints = await listWebhookEndpoints();
  return {
    privateNetworksAllowed: env().WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
    endpoints: endpoints.map((endpoint) => ({
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      active: endpoint.active,
      disabledAt: endpoint.disabledAt?.toISOString() ?? null,
      consecutiveFailures: endpoint.consecutiveFailures,
      waiting: endpoint.waiting,
      failed: endpoint.failed,
      lastDelivery: endpoint.lastDelivery
        ? {
            status: endpoint.lastDelivery.status,
            responseStatus: endpoint.lastDelivery.responseStatus,
            at: (endpoint.lastDelivery.lastAttemptAt ?? endpoint.lastDelivery.deliveredAt)?.toISOString() ?? null,
          }
        : null,
    })),
  };
}

const statusTones: Record<string, BadgeTone> = { queued: "amber", sending: "blue", delivered: "green", failed: "red" };

/** Administration › Webhooks: the endpoints, their state and their last delivery. */
export default function WebhooksPage() {
  const { endpoints, privateNetworksAllowed } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">{t("webhooks.title")}</h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("webhooks.intro")}</p>
          {privateNetworksAllowed ? <p className="mt-1 max-w-3xl text-sm text-amber-800">{t("webhooks.privateNetworksAllowed")}</p> : null}
        </div>
        <ButtonLink to="/admin/webhooks/nouveau" variant="primary">
          {t("webhooks.new")}
        </ButtonLink>
      </div>
      {endpoints.length === 0 ? (
        <EmptyState>{t("webhooks.none")}</EmptyState>
      ) : (
        <Table caption={t("webhooks.title")}>
          <thead>
            <tr>
              <Th>{t("webhooks.colEndpoint")}</Th>
              <Th className="hidden md:table-cell">{t("webhooks.colEvents")}</Th>
              <Th>{t("webhooks.colState")}</Th>
              <Th>{t("webhooks.colLastDelivery")}</Th>
              <Th>{t("webhooks.colQueue")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id} data-webhook-endpoint={endpoint.id}>
                <Td className="max-w-md">
                  <Link to={`/admin/webhooks/${endpoint.id}`} className="font-medium text-brand-700 hover:underline">
                    {endpoint.description || endpoint.url}
                  </Link>
                  {endpoint.description ? <p className="break-all text-xs text-slate-500">{endpoint.url}</p> : null}
                </Td>
                <Td className="hidden md:table-cell">
                  <span title={endpoint.events.join(", ")}>{t("webhooks.eventsCount", { count: format.number(endpoint.events.length) })}</span>
                </Td>
                <Td>
                  {endpoint.active ? (
                    <Badge tone="green">{t("webhooks.state.active")}</Badge>
                  ) : endpoint.disabledAt ? (
                    <Badge tone="red">{t("webhooks.state.disabled")}</Badge>
                  ) : (
                    <Badge>{t("webhooks.state.inactive")}</Badge>
                  )}
                  {endpoint.consecutiveFailures > 0 ? <p className="mt-1 text-xs text-red-700">{t("webhooks.failuresInRow", { count: format.number(endpoint.consecutiveFailures) })}</p> : null}
                </Td>
                <Td className="whitespace-nowrap">
                  {endpoint.lastDelivery ? (
                    <>
                      <Badge tone={statusTones[endpoint.lastDelivery.status] ?? "slate"}>{t(`webhooks.log.status.${endpoint.lastDelivery.status}` as MessageKey)}</Badge>
                      {endpoint.lastDelivery.responseStatus ? <span className="ml-2 tabular-nums text-slate-600">{endpoint.lastDelivery.responseStatus}</span> : null}
                      {endpoint.lastDelivery.at ? <p className="mt-1 text-xs text-slate-500">{format.relative(endpoint.lastDelivery.at)}</p> : null}
                    </>
                  ) : (
                    <span className="text-slate-500">{t("webhooks.neverDelivered")}</span>
                  )}
                </Td>
                <Td className="whitespace-nowrap text-xs">
                  <p>{t("webhooks.waiting", { count: format.number(endpoint.waiting) })}</p>
                  {endpoint.failed > 0 ? <p className="text-red-700">{t("webhooks.failed", { count: format.number(endpoint.failed) })}</p> : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
