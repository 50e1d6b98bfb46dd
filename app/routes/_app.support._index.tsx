import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { SlaBadge } from "~/components/helpdesk/sla-badge";
import { useDuration } from "~/components/helpdesk/use-duration";
import { QueueLiveMarker, QueueRowLiveNote, queueRowClass, useQueueLive } from "~/components/realtime/use-queue-live";
import { PriorityBadge, StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { FilterPills } from "~/components/ui/filter-pills";
import { SelectField, TextField } from "~/components/ui/field";
import { EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import {
  hasActiveFilters,
  NONE,
  parseQueueSearch,
  queueFilterParams,
  queueSearchString,
  queueViewDefinitions,
  queueViews,
  type QueueFilterName,
  type QueueView,
} from "~/domain/helpdesk/queue-views";
import { countQueue, listQueue, queueCounts, type QueueCount } from "~/domain/helpdesk/ticket-queries.server";
import { ticketChannels, ticketPriorities, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import {
  assignableAgents,
  companyName,
  companyNameHints,
  findCompanyByTypedName,
  knownTags,
  ticketGroups,
} from "~/domain/helpdesk/workspace-options.server";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";
import { ExportForm } from "~/components/exports/export-form";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Support · Comptoir" }];

const viewLabels: Record<QueueView, MessageKey> = {
  mine: "helpdesk.views.mine",
  unassigned: "helpdesk.views.unassigned",
  groups: "helpdesk.views.groups",
  open: "helpdesk.views.open",
  waiting: "helpdesk.views.waiting",
  pending: "helpdesk.views.pending",
  solved: "helpdesk.views.solved",
};

const viewDescriptions: Record<QueueView, MessageKey> = {
  mine: "helpdesk.views.mineHint",
  unassigned: "helpdesk.views.unassignedHint",
  groups: "helpdesk.views.groupsHint",
  open: "helpdesk.views.openHint",
  waiting: "helpdesk.views.waitingHint",
  pending: "helpdesk.views.pendingHint",
  solved: "helpdesk.views.solvedHint",
};

/** The field typed in the filter form to look a company up by name; the URL then carries its id. */
const COMPANY_TYPED = "societeNom";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const url = new URL(request.url);
  const search = parseQueueSearch(url.searchParams);
  const { view } = search;
  const filters = { ...search.filters };
  const errors: Partial<Record<QueueFilterName, MessageKey>> = { ...search.errors };
  let companySuggestions: Array<{ id: string; name: string }> = [];
  let typedCompany = "";

  // A company typed by name becomes the canonical URL with its id (bookmarkable, shareable).
  const typed = url.searchParams.get(COMPANY_TYPED);
  if (typed !== null) {
    delete filters.companyId;
    if (typed.trim()) {
      const match = await findCompanyByTypedName(typed);
      if (match.kind === "one") throw redirect(`/support${queueSearchString(view, { ...filters, companyId: match.id })}`);
      typedCompany = typed.trim();
      errors.companyId = match.kind === "none" ? "helpdesk.filters.companyNotFound" : "helpdesk.filters.companyAmbiguous";
      if (match.kind === "several") companySuggestions = match.candidates;
    } else {
      throw redirect(`/support${queueSearchString(view, filters)}`);
    }
  }
  const selectedCompanyName = filters.companyId ? await companyName(filters.companyId) : null;
  if (filters.companyId && !selectedCompanyName) {
    errors.companyId = "helpdesk.filters.companyNotFound";
    delete filters.companyId;
  }

  const now = new Date();
  const cursor = search.after ? { after: search.after } : search.before ? { before: search.before } : null;
  const filtered = hasActiveFilters(filters);
  const [page, counts, filteredCount, groups, agents, tags, companies] = await Promise.all([
    listQueue(user, { view, filters, cursor, now }),
    queueCounts(user),
    // Filtered counts scan the view's statuses: bounded by the backlog for unresolved views, but
    // the solved-and-closed history grows without end, so it is not counted under filters.
    filtered && view !== "solved" ? countQueue(user, { view, filters }) : null,
    ticketGroups(),
    assignableAgents(),
    knownTags(),
    companyNameHints(),
  ]);
  return {
    now: now.toISOString(),
    view,
    filters,
    errors,
    raw: search.raw,
    typedCompany: typedCompany || selectedCompanyName || "",
    companySuggestions,
    page,
    counts,
    total: filtered ? filteredCount : counts[view],
    paged: Boolean(cursor),
    options: { groups, agents, tags, companies },
    canExport: can(user, "export:ticket"),
  };
}

function CountLabel({ count }: { count: QueueCount }) {
  const { format } = useI18n();
  return <>{count.capped ? `${format.number(count.count)}+` : format.number(count.count)}</>;
}

export default function SupportPage() {
  const data = useLoaderData<typeof loader>();
  const { view, filters, page, now } = data;
  const { t, format } = useI18n();
  const duration = useDuration();
  // Live: rows update in place, newcomers wait behind the "N nouveaux tickets" marker, counters follow.
  const live = useQueueLive({ ticketIds: useMemo(() => page.tickets.map((ticket) => ticket.id), [page.tickets]) });
  const counts = live.counts ?? data.counts;
  const total = hasActiveFilters(filters) ? data.total : counts[view];
  const navigation = useNavigation();
  const filtered = hasActiveFilters(filters);
  const filterCount = Object.values(filters).filter(Boolean).length;
  const showsWaiting = view === "waiting";
  return (
    <>
      <PageHeader
        title={t("support.title")}
        description={t(viewDescriptions[view])}
        actions={
          <>
            {/* Planning: the technicians' week (app/routes/_app.support.agenda.tsx). */}
            <ButtonLink to="/support/agenda">{t("planning.agenda.title")}</ButtonLink>
            <ButtonLink to="/support/tickets/nouveau" variant="primary">
              {t("helpdesk.newPhoneTicket")}
            </ButtonLink>
          </>
        }
      />
      {data.canExport ? <ExportForm action="/support/export.csv" className="mb-3 flex flex-wrap items-end justify-end gap-2" /> : null}
      <FilterPills
        className="mb-4"
        label={t("helpdesk.views.label")}
        pills={queueViews.map((option) => ({
          key: option,
          to: `/support${queueSearchString(option, filters)}`,
          label: t(viewLabels[option]),
          count: <CountLabel count={counts[option]} />,
          countTestId: `count-${option}`,
          current: option === view,
        }))}
      />

      <QueueFilterForm />

      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <p role="status">
          {total === null
            ? t("helpdesk.filters.active", { count: filterCount })
            : filtered
              ? `${t("helpdesk.queue.matching", { count: total.capped ? `${format.number(total.count)}+` : format.number(total.count) })} · ${t("helpdesk.filters.active", { count: filterCount })}`
              : t("support.count", { count: total.capped ? `${format.number(total.count)}+` : format.number(total.count) })}
        </p>
        {navigation.state === "loading" ? <p aria-hidden="true">{t("helpdesk.queue.loading")}</p> : null}
      </div>

      <QueueLiveMarker live={live} />

      {page.tickets.length === 0 ? (
        <EmptyState>{filtered ? t("helpdesk.queue.emptyFiltered") : data.paged ? t("helpdesk.queue.emptyPage") : t("helpdesk.queue.empty")}</EmptyState>
      ) : (
        <Table caption={t(viewLabels[view])}>
          <thead>
            <tr>
              <Th>{t("support.colNumber")}</Th>
              <Th>{t("support.colSubject")}</Th>
              <Th>{t("support.colStatus")}</Th>
              <Th>{t("support.colPriority")}</Th>
              <Th className="hidden lg:table-cell">{t("support.colAssignee")}</Th>
              <Th>{t("helpdesk.queue.colSla")}</Th>
              <Th>{showsWaiting ? t("helpdesk.queue.colWaitingSince") : t("support.colUpdated")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.tickets.map((listed) => {
              const state = live.rowState(listed.id);
              const current = live.liveTicket(listed.id);
              const ticket = current
                ? {
                    ...listed,
                    status: current.status,
                    priority: current.priority,
                    assigneeName: current.assigneeName,
                    groupName: current.groupName,
                    updatedAt: current.updatedAt,
                  }
                : listed;
              return (
                <tr
                  key={ticket.id}
                  className={cn("hover:bg-slate-50", queueRowClass(state))}
                  data-ticket-number={ticket.number}
                  data-live-state={state ?? undefined}
                >
                  <Td className="tabular-nums text-slate-500">
                    <Link to={`/support/tickets/${ticket.number}`} className="hover:underline" tabIndex={-1}>
                      #{ticket.number}
                    </Link>
                  </Td>
                  <Td className="max-w-md">
                    <Link to={`/support/tickets/${ticket.number}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                      {ticket.subject}
                    </Link>
                    <p className="mt-0.5 text-xs text-slate-500">
                      {ticket.requesterName}
                      {ticket.companyName ? ` · ${ticket.companyName}` : ""} · {t(`ticket.type.${ticket.type}` as MessageKey)} ·{" "}
                      {t(`ticket.channel.${ticket.channel}` as MessageKey)}
                    </p>
                    <QueueRowLiveNote state={state} />
                  </Td>
                  <Td>
                    <StatusBadge status={ticket.status} />
                  </Td>
                  <Td>
                    <PriorityBadge priority={ticket.priority} />
                  </Td>
                  <Td className="hidden lg:table-cell">
                    {ticket.assigneeName ?? <span className="text-slate-400">{t("support.unassignedLabel")}</span>}
                    {ticket.groupName ? <p className="text-xs text-slate-500">{ticket.groupName}</p> : null}
                  </Td>
                  <Td>
                    <SlaBadge sla={ticket.sla} now={now} />
                  </Td>
                  <Td className="whitespace-nowrap text-slate-600">
                    {showsWaiting && ticket.waitingSince ? (
                      <span title={format.dateTime(ticket.waitingSince)}>{duration(ticket.waitingSince, now)}</span>
                    ) : (
                      <span title={format.dateTime(ticket.updatedAt)}>{format.relative(ticket.updatedAt, new Date(now))}</span>
                    )}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}

      {page.previousCursor || page.nextCursor || data.paged ? (
        <nav className="mt-4 flex items-center justify-between gap-3" aria-label={t("helpdesk.queue.pagination")}>
          {page.previousCursor ? (
            <ButtonLink to={`/support${queueSearchString(view, filters, { before: page.previousCursor })}`} rel="prev">
              ← {t("helpdesk.queue.previousPage")}
            </ButtonLink>
          ) : data.paged ? (
            <ButtonLink to={`/support${queueSearchString(view, filters)}`}>{t("helpdesk.queue.firstPage")}</ButtonLink>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <ButtonLink to={`/support${queueSearchString(view, filters, { after: page.nextCursor })}`} rel="next">
              {t("helpdesk.queue.nextPage")} →
            </ButtonLink>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** The filters: a plain GET form, so every combination lives in the URL. */
function QueueFilterForm() {
  const data = useLoaderData<typeof loader>();
  const { view, filters, raw, errors, options } = data;
  const { t } = useI18n();
  const statuses = queueViewDefinitions[view].statuses;
  const error = (name: QueueFilterName) => (errors[name] ? t(errors[name]!) : null);
  const value = (name: QueueFilterName) => filters[name] ?? raw[name] ?? "";
  const any = { value: "", label: t("helpdesk.filters.any") };
  const open = hasActiveFilters(filters) || Object.keys(errors).length > 0;
  return (
    <details className="mb-4 rounded-lg border border-slate-200 bg-white shadow-sm" open={open}>
      <summary className="cursor-pointer select-none px-4 py-2.5 text-sm font-medium text-slate-800">{t("helpdesk.filters.title")}</summary>
      <Form method="get" action="/support" className="border-t border-slate-200 p-4" key={JSON.stringify([view, filters, raw])}>
        {view !== "open" ? <input type="hidden" name="vue" value={view} /> : null}
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-5">
          {statuses.length > 1 ? (
            <SelectField
              label={t("support.colStatus")}
              name={queueFilterParams.status}
              defaultValue={value("status")}
              error={error("status")}
              options={[any, ...statuses.map((status) => ({ value: status, label: t(`ticket.status.${status}`) }))]}
            />
          ) : null}
          <SelectField
            label={t("support.colPriority")}
            name={queueFilterParams.priority}
            defaultValue={value("priority")}
            error={error("priority")}
            options={[any, ...ticketPriorities.map((priority) => ({ value: priority, label: t(`ticket.priority.${priority}`) }))]}
          />
          <SelectField
            label={t("helpdesk.fields.type")}
            name={queueFilterParams.type}
            defaultValue={value("type")}
            error={error("type")}
            options={[any, ...ticketTypes.map((type) => ({ value: type, label: t(`ticket.type.${type}`) }))]}
          />
          <SelectField
            label={t("helpdesk.fields.channel")}
            name={queueFilterParams.channel}
            defaultValue={value("channel")}
            error={error("channel")}
            options={[any, ...ticketChannels.map((channel) => ({ value: channel, label: t(`ticket.channel.${channel}`) }))]}
          />
          <SelectField
            label={t("helpdesk.fields.group")}
            name={queueFilterParams.groupId}
            defaultValue={value("groupId")}
            error={error("groupId")}
            options={[any, { value: NONE, label: t("helpdesk.filters.noGroup") }, ...options.groups.map((group) => ({ value: group.id, label: group.name }))]}
          />
          <SelectField
            label={t("support.colAssignee")}
            name={queueFilterParams.assigneeId}
            defaultValue={value("assigneeId")}
            error={error("assigneeId")}
            options={[any, { value: NONE, label: t("support.unassignedLabel") }, ...options.agents.map((agent) => ({ value: agent.id, label: agent.name }))]}
          />
          <SelectField
            label={t("helpdesk.fields.tag")}
            name={queueFilterParams.tag}
            defaultValue={value("tag")}
            error={error("tag")}
            options={[any, ...[...(filters.tag && !options.tags.includes(filters.tag) ? [filters.tag] : []), ...options.tags].map((tag) => ({ value: tag, label: tag }))]}
          />
          <div>
            <TextField
              label={t("support.colCompany")}
              name={COMPANY_TYPED}
              defaultValue={data.typedCompany}
              list="queue-company-names"
              autoComplete="off"
              error={error("companyId")}
              hint={t("helpdesk.filters.companyHint")}
            />
            <datalist id="queue-company-names">
              {options.companies.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            {data.companySuggestions.length > 0 ? (
              <ul className="mt-1 space-y-0.5 text-sm" aria-label={t("helpdesk.filters.companySuggestions")}>
                {data.companySuggestions.map((company) => (
                  <li key={company.id}>
                    <Link className="text-brand-700 hover:underline" to={`/support${queueSearchString(view, { ...filters, companyId: company.id })}`}>
                      {company.name}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <TextField label={t("helpdesk.filters.createdFrom")} type="date" name={queueFilterParams.createdFrom} defaultValue={value("createdFrom")} error={error("createdFrom")} />
          <TextField label={t("helpdesk.filters.createdTo")} type="date" name={queueFilterParams.createdTo} defaultValue={value("createdTo")} error={error("createdTo")} />
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <Button type="submit">{t("common.filter")}</Button>
          <ButtonLink to={`/support${queueSearchString(view, {})}`} variant="ghost">
            {t("helpdesk.filters.clear")}
          </ButtonLink>
        </div>
      </Form>
    </details>
  );
}
