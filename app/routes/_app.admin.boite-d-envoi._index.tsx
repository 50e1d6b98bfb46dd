import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { FilterPills } from "~/components/ui/filter-pills";
import { Badge, EmptyState, Table, Td, Th, type BadgeTone } from "~/components/ui/layout";
import { listOutboundEmails, sendingSettings } from "~/domain/channels/email/email-admin.server";
import { outboundFilters, type OutboundFilter } from "~/domain/channels/email/email-admin-vocabulary";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Boîte d'envoi · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const requested = new URL(request.url).searchParams.get("etat");
  const filter: OutboundFilter = (outboundFilters as readonly string[]).includes(requested ?? "") ? (requested as OutboundFilter) : "all";
  const { rows, total, counts } = await listOutboundEmails(filter);
  return { filter, rows, total, counts, smtpConfigured: sendingSettings().smtpConfigured };
}

const outboxStatusTones: Record<string, BadgeTone> = { queued: "amber", sending: "blue", sent: "green", failed: "red" };
const filterLabels: Record<OutboundFilter, MessageKey> = {
  all: "email.outbox.filter.all",
  queued: "email.outbox.filter.queued",
  failed: "email.outbox.filter.failed",
  sent: "email.outbox.filter.sent",
};

function kindLabel(t: (key: MessageKey) => string, kind: string): string {
  const key = `email.outbox.kind.${kind}` as MessageKey;
  const label = t(key);
  return label === key ? kind : label;
}

export default function OutboxPage() {
  const { filter, rows, total, counts, smtpConfigured } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const count = (option: OutboundFilter) =>
    option === "all"
      ? Object.values(counts).reduce((sum, value) => sum + value, 0)
      : option === "queued"
        ? (counts.queued ?? 0) + (counts.sending ?? 0)
        : (counts[option] ?? 0);
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("email.outbox.title")}</h2>
        {smtpConfigured ? null : <p className="mt-1 max-w-3xl text-sm text-amber-800">{t("email.admin.smtpMissing")}</p>}
      </div>
      <FilterPills
        label={t("email.outbox.title")}
        pills={outboundFilters.map((option) => ({
          key: option,
          to: option === "all" ? "/admin/boite-d-envoi" : `/admin/boite-d-envoi?etat=${option}`,
          label: t(filterLabels[option]),
          count: format.number(count(option)),
          current: option === filter,
        }))}
      />
      {rows.length === 0 ? (
        <EmptyState>{t("email.outbox.empty")}</EmptyState>
      ) : (
        <>
          <Table caption={t(filterLabels[filter])}>
            <thead>
              <tr>
                <Th>{t("email.outbox.colCreated")}</Th>
                <Th>{t("email.outbox.colKind")}</Th>
                <Th>{t("email.outbox.colTo")}</Th>
                <Th>{t("email.outbox.colSubject")}</Th>
                <Th>{t("email.outbox.colStatus")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id} data-outbox-status={row.status}>
                  <Td className="whitespace-nowrap text-slate-600">{format.dateTime(row.createdAt)}</Td>
                  <Td className="whitespace-nowrap">{kindLabel(t, row.kind)}</Td>
                  <Td className="max-w-[14rem] break-words">{row.toAddress}</Td>
                  <Td className="max-w-md">
                    <Link to={`/admin/boite-d-envoi/${row.id}`} className="font-medium text-brand-700 hover:underline">
                      {row.subject}
                    </Link>
                    {row.ticket ? <p className="text-xs text-slate-500">#{row.ticket.number}</p> : null}
                  </Td>
                  <Td>
                    <Badge tone={outboxStatusTones[row.status] ?? "slate"}>{t(`email.outbox.status.${row.status}` as MessageKey)}</Badge>
                    {row.status === "sent" && row.sentAt ? <p className="mt-1 text-xs text-slate-500">{format.dateTime(row.sentAt)}</p> : null}
                    {row.lastError && row.status !== "sent" ? <p className="mt-1 max-w-xs break-words font-mono text-xs text-red-700">{row.lastError}</p> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="text-xs text-slate-500">{t("email.inbound.shown", { shown: format.number(rows.length), total: format.number(total) })}</p>
        </>
      )}
    </div>
  );
}
