import { Form, Link } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FilterPills } from "~/components/ui/filter-pills";
import { Badge, EmptyState, Table, Td, Th, type BadgeTone } from "~/components/ui/layout";
import { isWebhookEventType, PING_EVENT_TYPE } from "~/domain/webhooks/webhook-events";
import { webhookDeliveryFilters, type WebhookDeliveryFilter } from "~/domain/webhooks/webhook-schemas";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export type WebhookDeliveryLogRow = {
  id: string;
  eventType: string;
  webhookId: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  durationMs: number | null;
  responseBody: string;
  lastError: string;
  deliveredAt: string | null;
  createdAt: string;
  payload: string;
  payloadTruncated: boolean;
};

const statusTones: Record<string, BadgeTone> = { queued: "amber", sending: "blue", delivered: "green", failed: "red" };

/** An endpoint's delivery log: status filter, one row per delivery with its answer, replay. */
export function WebhookDeliveryLog({
  basePath,
  filter,
  counts,
  rows,
  page,
  pageCount,
}: {
  basePath: string;
  filter: WebhookDeliveryFilter;
  counts: Record<WebhookDeliveryFilter, number>;
  rows: WebhookDeliveryLogRow[];
  page: number;
  pageCount: number;
}) {
  const { t, format } = useI18n();
  const typeLabel = (type: string) => (type === PING_EVENT_TYPE ? t("webhooks.event.ping") : isWebhookEventType(type) ? t(`webhooks.event.${type}`) : type);
  const pageLink = (target: number) => `${basePath}?${new URLSearchParams({ ...(filter === "all" ? {} : { etat: filter }), page: String(target) })}`;
  return (
    <section className="space-y-4" aria-labelledby="webhook-log-title">
      <h2 id="webhook-log-title" className="text-lg font-semibold text-slate-900">
        {t("webhooks.log.title")}
      </h2>
      <FilterPills
        label={t("webhooks.log.title")}
        pills={webhookDeliveryFilters.map((option) => ({
          key: option,
          to: option === "all" ? basePath : `${basePath}?etat=${option}`,
          label: t(`webhooks.log.filter.${option}`),
          count: format.number(counts[option]),
          current: option === filter,
        }))}
      />
      {rows.length === 0 ? (
        <EmptyState>{t("webhooks.log.empty")}</EmptyState>
      ) : (
        <Table caption={t(`webhooks.log.filter.${filter}`)}>
          <thead>
            <tr>
              <Th>{t("webhooks.log.colCreated")}</Th>
              <Th>{t("webhooks.log.colStatus")}</Th>
              <Th>{t("webhooks.log.colAttempts")}</Th>
              <Th>{t("webhooks.log.colResponse")}</Th>
              <Th>{t("webhooks.log.colDuration")}</Th>
              <Th>
                <span className="sr-only">{t("common.actions")}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id} data-delivery-status={row.status}>
                <Td className="min-w-[14rem]">
                  <p className="font-medium text-slate-900">{typeLabel(row.eventType)}</p>
                  <p className="text-xs text-slate-500">{format.dateTime(row.createdAt)}</p>
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-brand-700">{t("webhooks.log.details")}</summary>
                    <dl className="mt-2 space-y-2">
                      <div>
                        <dt className="font-medium text-slate-700">{t("webhooks.log.webhookId")}</dt>
                        <dd className="break-all font-mono">{row.webhookId}</dd>
                      </div>
                      {row.lastError ? (
                        <div>
                          <dt className="font-medium text-slate-700">{t("webhooks.log.error")}</dt>
                          <dd className="break-words font-mono text-red-700">{row.lastError}</dd>
                        </div>
                      ) : null}
                      {row.responseBody ? (
                        <div>
                          <dt className="font-medium text-slate-700">{t("webhooks.log.responseBody")}</dt>
                          <dd>
                            <pre className="max-h-40 max-w-xl overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{row.responseBody}</pre>
                          </dd>
                        </div>
                      ) : null}
                      <div>
                        <dt className="font-medium text-slate-700">{t("webhooks.log.payload")}</dt>
                        <dd>
                          <pre className="max-h-60 max-w-xl overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">
                            {row.payload}
                            {row.payloadTruncated ? "…" : ""}
                          </pre>
                        </dd>
                      </div>
                    </dl>
                  </details>
                </Td>
                <Td>
                  <Badge tone={statusTones[row.status] ?? "slate"}>{t(`webhooks.log.status.${row.status}` as MessageKey)}</Badge>
                  {row.status === "queued" && row.attempts > 0 ? <p className="mt-1 text-xs text-slate-500">{t("webhooks.log.nextAttempt", { date: format.dateTime(row.nextAttemptAt) })}</p> : null}
                  {row.status === "delivered" && row.deliveredAt ? <p className="mt-1 text-xs text-slate-500">{t("webhooks.log.deliveredAt", { date: format.dateTime(row.deliveredAt) })}</p> : null}
                  {row.lastError && row.status !== "delivered" ? <p className="mt-1 max-w-xs break-words font-mono text-xs text-red-700">{row.lastError}</p> : null}
                </Td>
                <Td className="tabular-nums">{format.number(row.attempts)}</Td>
                <Td className="tabular-nums">{row.responseStatus ?? (row.attempts > 0 ? <span className="text-slate-500">{t("webhooks.log.noResponse")}</span> : "—")}</Td>
                <Td className="whitespace-nowrap tabular-nums">{row.durationMs !== null ? t("webhooks.log.durationMs", { duration: format.number(row.durationMs) }) : "—"}</Td>
                <Td>
                  {(row.status === "delivered" || row.status === "failed") && row.eventType !== PING_EVENT_TYPE ? (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="deliveryId" value={row.id} />
                      <Button type="submit" name="intent" value="replay" variant="secondary" size="sm" aria-label={t("webhooks.log.replayLabel", { type: row.eventType, date: format.dateTime(row.createdAt) })}>
                        {t("webhooks.log.replay")}
                      </Button>
                    </Form>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pageCount > 1 ? (
        <nav className="flex items-center gap-3 text-sm" aria-label={t("webhooks.log.page", { page: page, pages: pageCount })}>
          {page > 1 ? <Link to={pageLink(page - 1)} className="text-brand-700 hover:underline">{t("common.previous")}</Link> : null}
          <span className="text-slate-600">{t("webhooks.log.page", { page: format.number(page), pages: format.number(pageCount) })}</span>
          {page < pageCount ? <Link to={pageLink(page + 1)} className="text-brand-700 hover:underline">{t("common.next")}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
