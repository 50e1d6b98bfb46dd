import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PriorityBadge, StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { queueViews, type QueueView } from "~/domain/helpdesk/queue-views";
import { listQueue, queueCounts } from "~/domain/helpdesk/ticket-queries.server";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Support · Comptoir" }];

const viewLabels: Record<QueueView, MessageKey> = {
  open: "support.openTickets",
  waiting: "support.waitingCustomers",
  unassigned: "support.unassigned",
  mine: "support.mine",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const requested = new URL(request.url).searchParams.get("vue");
  const view: QueueView = (queueViews as readonly string[]).includes(requested ?? "") ? (requested as QueueView) : "open";
  const [{ tickets, total }, counts] = await Promise.all([listQueue(user, view), queueCounts(user)]);
  return { view, tickets, total, counts };
}

export default function SupportPage() {
  const { view, tickets, total, counts } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("support.title")} description={t("support.count", { count: format.number(total) })} />
      <nav className="mb-4 flex flex-wrap gap-2" aria-label={t("support.title")}>
        {queueViews.map((option) => (
          <Link
            key={option}
            to={option === "open" ? "/support" : `/support?vue=${option}`}
            aria-current={option === view ? "page" : undefined}
            className={cn(
              "inline-flex items-center gap-2 rounded-full px-3 py-1.5 text-sm font-medium ring-1 ring-inset",
              option === view ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
            )}
          >
            {t(viewLabels[option])}
            <span className="tabular-nums opacity-80">{format.number(counts[option])}</span>
          </Link>
        ))}
      </nav>
      {tickets.length === 0 ? (
        <EmptyState>{t("support.empty")}</EmptyState>
      ) : (
        <Table caption={t(viewLabels[view])}>
          <thead>
            <tr>
              <Th>{t("support.colNumber")}</Th>
              <Th>{t("support.colSubject")}</Th>
              <Th>{t("support.colRequester")}</Th>
              <Th className="hidden md:table-cell">{t("support.colCompany")}</Th>
              <Th>{t("support.colStatus")}</Th>
              <Th>{t("support.colPriority")}</Th>
              <Th className="hidden md:table-cell">{t("support.colAssignee")}</Th>
              <Th>{view === "waiting" ? t("dashboard.longestWait") : t("support.colUpdated")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tickets.map((ticket) => (
              <tr key={ticket.id} className="hover:bg-slate-50">
                <Td className="tabular-nums text-slate-500">#{ticket.number}</Td>
                <Td className="max-w-md font-medium">{ticket.subject}</Td>
                <Td>{`${ticket.requester.firstName} ${ticket.requester.lastName}`.trim()}</Td>
                <Td className="hidden md:table-cell">{ticket.company?.name ?? "—"}</Td>
                <Td>
                  <StatusBadge status={ticket.status} />
                </Td>
                <Td>
                  <PriorityBadge priority={ticket.priority} />
                </Td>
                <Td className="hidden md:table-cell">{ticket.assignee?.name ?? <span className="text-slate-400">{t("support.unassignedLabel")}</span>}</Td>
                <Td className="whitespace-nowrap text-slate-600">
                  {view === "waiting" && ticket.lastCustomerMessageAt
                    ? format.relative(ticket.lastCustomerMessageAt)
                    : format.relative(ticket.updatedAt)}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
