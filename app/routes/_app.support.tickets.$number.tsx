import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, Outlet, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { RequesterCard } from "~/components/helpdesk/requester-card";
import { SlaBadge } from "~/components/helpdesk/sla-badge";
import { useDuration } from "~/components/helpdesk/use-duration";
import { PriorityBadge, StatusBadge } from "~/components/helpdesk/ticket-badges";
import { TicketComposer } from "~/components/helpdesk/ticket-composer";
import { TicketConflict, type ConflictData } from "~/components/helpdesk/ticket-conflict";
import { TicketFieldsPanel } from "~/components/helpdesk/ticket-fields-panel";
import { TicketHistory } from "~/components/helpdesk/ticket-history";
import { TicketMergePanel } from "~/components/helpdesk/ticket-merge-panel";
import { TicketThread } from "~/components/helpdesk/ticket-thread";
import { useI18n } from "~/components/i18n";
import { TicketGoneNotice, TicketPresence, useReplyGuard } from "~/components/realtime/ticket-live";
import { useComposerKey, useTicketLive } from "~/components/realtime/use-ticket-live";
import { InterventionsPanel } from "~/components/planning/interventions-panel";
import { ReplyInsertionProvider } from "~/components/knowledge/reply-insertion";
import { SuggestedArticlesPanel } from "~/components/knowledge/suggested-articles-panel";
import { TicketRatingCard } from "~/components/portal/satisfaction";
import { LogActivityLinks } from "~/components/sales/log-activity-links";
import { TicketVisitReports } from "~/components/sales/ticket-visit-reports";
import { Button } from "~/components/ui/button";
import { Badge, Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { cannedRepliesFor } from "~/domain/helpdesk/canned-replies.server";
import { loadInterventionsPanel } from "~/domain/helpdesk/interventions.server";
import { replyToTicket, saveTicketFields, takeTicket, UnfilledPlaceholderError } from "~/domain/helpdesk/ticket-commands.server";
import { mergeTickets, previewMerge, type MergeTarget } from "~/domain/helpdesk/ticket-merge.server";
import { findTicketForViewer, isTicketVisibleTo, loadTicketWorkspace, ticketChangesSince } from "~/domain/helpdesk/ticket-workspace.server";
import { TicketConflictError } from "~/domain/helpdesk/tickets.server";
import { assignableAgents, knownTags, ticketGroups } from "~/domain/helpdesk/workspace-options.server";
import { fieldsSchema, lockSchema, mergeSchema, replySchema } from "~/domain/helpdesk/workspace-schemas";
import { can } from "~/domain/identity/permissions";
import { ticketRating } from "~/domain/portal/satisfaction.server";
import { suggestArticlesForTicket } from "~/domain/knowledge/agent-suggestions.server";
import { isLocale } from "~/lib/i18n/locales";
import { visitReportsOnTicket } from "~/domain/sales/visit-report-queries.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { CampaignReplyNotice } from "~/components/marketing/campaign-reply-notice";
import { campaignReplyNotice } from "~/domain/marketing/campaigns/campaign-replies.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `#${data.workspace.ticket.number} ${data.workspace.ticket.subject} · Comptoir` : "Ticket · Comptoir" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:ticket");
  const now = new Date();
  const workspace = await loadTicketWorkspace(user, Number(params.number), now);
  if (!workspace) throw notFound();
  const canWork = can(user, "update:ticket");
  const { ticket, requester } = workspace;
  const [groups, agents, tags, cannedReplies] = canWork
    ? await Promise.all([
        ticketGroups(),
        assignableAgents(),
        knownTags(),
        cannedRepliesFor({
          "client.prenom": requester.firstName,
          "client.nom": requester.lastName,
          "ticket.numero": ticket.number,
          "ticket.sujet": ticket.subject,
          "agent.nom": user.name,
          "societe.nom": requester.company?.name ?? null,
        }),
      ])
    : [[], [], [], []];
  // Planning: the ticket's interventions and the plan/report forms' choices (interventions-panel.tsx).
  const interventions = canWork ? await loadInterventionsPanel(ticket.id) : null;
  // Portal: the requester's satisfaction rating, read-only (app/components/portal/satisfaction.tsx).
  const rating = await ticketRating(ticket.id);
  // Sales: the visit reports where this ticket was discussed (app/components/sales/ticket-visit-reports.tsx).
  const visitReports = await visitReportsOnTicket(user, ticket.id);
  // Marketing: the campaign a reply to a campaign mail answers (app/components/marketing/campaign-reply-notice.tsx).
  const campaignReply = await campaignReplyNotice(ticket.id, user);
  // Knowledge base: articles for this ticket's subject and first request, in the customer's language (app/components/knowledge/*).
  const readsKnowledge = can(user, "read:knowledge");
  const customerLanguage = isLocale(requester.language) ? requester.language : "fr";
  const firstRequest = workspace.messages.find((message) => message.authorKind === "customer" && message.visibility === "public");
  const knowledge = readsKnowledge
    ? {
        customerLanguage,
        suggestions: await suggestArticlesForTicket({ subject: ticket.subject, firstCustomerMessage: firstRequest?.bodyText ?? "", customerLanguage }),
        canWrite: can(user, "update:knowledge"),
      }
    : null;
  return {
    now: now.toISOString(),
    me: user.id,
    canWork,
    workspace,
    options: { groups, agents, tags },
    cannedReplies,
    interventions,
    rating,
    visitReports,
    campaignReply,
    knowledge,
  };
}

type ActionResult = {
  intent: string;
  values: Record<string, string | string[]>;
  fieldErrors?: FieldErrors;
  formError?: MessageKey | null;
  conflict?: ConflictData;
  mergePreview?: MergeTarget | null;
};

const intents = ["reply", "fields", "take", "merge-preview", "merge"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const ticket = await findTicketForViewer(user, Number(params.number));
  if (!ticket) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intents as readonly string[]).includes(intent)) throw data({ reason: "bad_intent" }, { status: 400 });
  const here = `/support/tickets/${ticket.number}`;
  const refuse = (result: Omit<ActionResult, "intent" | "values">, status = 400) =>
    data<ActionResult>({ intent, values: submittedValues(form), ...result }, { status });
  const invalid = (fieldErrors: FieldErrors) => {
    // A missing or broken version is not the agent's typing: say the page is out of date.
    const { version, loadedAt, ...rest } = fieldErrors;
    return refuse({ fieldErrors: rest, formError: version || loadedAt ? "helpdesk.staleForm" : "common.formHasErrors" });
  };

  let loadedAt: Date | null = null;
  try {
    switch (intent) {
      case "reply": {
        const parsed = parseForm(form, replySchema);
        if (!parsed.ok) return invalid(parsed.fieldErrors);
        loadedAt = parsed.data.loadedAt;
        await replyToTicket({ ticketId: ticket.id, agentId: user.id, form: parsed.data });
        return redirectWithToast(here, { kind: "success", message: parsed.data.visibility === "internal" ? "helpdesk.composer.noteAdded" : "helpdesk.composer.sent" });
      }
      case "fields": {
        const parsed = parseForm(form, fieldsSchema);
        if (!parsed.ok) return invalid(parsed.fieldErrors);
        loadedAt = parsed.data.loadedAt;
        const { changes } = await saveTicketFields({ ticketId: ticket.id, agentId: user.id, form: parsed.data });
        if (changes.length === 0) return redirectWithToast(here, { kind: "info", message: "helpdesk.fields.nothingChanged" });
        // Handed to a group the agent is not in: they may no longer open it.
        if (!(await isTicketVisibleTo(user, ticket.id))) return redirectWithToast("/support", { kind: "success", message: "helpdesk.fields.handedOver", params: { number: ticket.number } });
        return redirectWithToast(here, { kind: "success", message: "helpdesk.fields.saved" });
      }
      case "take": {
        const parsed = parseForm(form, lockSchema);
        if (!parsed.ok) return invalid(parsed.fieldErrors);
        loadedAt = parsed.data.loadedAt;
        await takeTicket({ ticketId: ticket.id, agentId: user.id, version: parsed.data.version });
        return redirectWithToast(here, { kind: "success", message: "helpdesk.take.done" });
      }
      case "merge-preview": {
        const parsed = parseForm(form, mergeSchema);
        if (!parsed.ok) return invalid(parsed.fieldErrors);
        const mergePreview = await previewMerge({ viewer: user, sourceId: ticket.id, targetNumber: parsed.data.targetNumber });
        return data<ActionResult>({ intent, values: submittedValues(form), mergePreview });
      }
      case "merge": {
        const parsed = parseForm(form, mergeSchema);
        if (!parsed.ok) return invalid(parsed.fieldErrors);
        loadedAt = parsed.data.loadedAt;
        const merged = await mergeTickets({ viewer: user, sourceId: ticket.id, targetNumber: parsed.data.targetNumber, expectedVersion: parsed.data.version });
        return redirectWithToast(`/support/tickets/${merged.targetNumber}`, {
          kind: "success",
          message: "helpdesk.merge.done",
          params: { source: merged.sourceNumber, target: merged.targetNumber, count: merged.movedMessages },
        });
      }
    }
  } catch (error) {
    if (error instanceof TicketConflictError) {
      const since = loadedAt ?? new Date(0);
      const changes = await ticketChangesSince(ticket.id, since);
      return refuse({ conflict: changes }, 409);
    }
    if (error instanceof DomainError) {
      const field = error.field ?? (intent === "merge" || intent === "merge-preview" ? "targetNumber" : null);
      // A reply still holding a placeholder is the agent's typing to fix (400); the rest are refusals of the state (409).
      return refuse(field ? { fieldErrors: { [field]: error.code } } : { formError: error.code }, error instanceof UnfilledPlaceholderError ? 400 : 409);
    }
    throw error;
  }
  throw redirect(here);
}

export default function TicketPage() {
  const { workspace, canWork, options, cannedReplies, now, me, interventions, rating, visitReports, campaignReply, knowledge } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const duration = useDuration();
  const { ticket, messages, history, requester } = workspace;
  const lock = { version: ticket.version, loadedAt: ticket.loadedAt };
  // Live: presence, colleagues' changes reload the page (the draft survives), collision guard on send.
  const live = useTicketLive(ticket.id);
  const composerKey = useComposerKey(live, ticket.version);
  const replyGuard = useReplyGuard(live);
  const merged = ticket.mergedInto !== null;
  const refusal = actionData && !actionData.conflict ? actionData : null;
  const refusalFor = (intent: string | string[]) => (refusal && [intent].flat().includes(refusal.intent) ? refusal : null);
  const formError = (intent: string) => {
    const key = refusalFor(intent)?.formError;
    return key ? t(key) : null;
  };
  const replyRefusal = refusalFor("reply");
  const composerShown = canWork && !merged;
  return (
    <ReplyInsertionProvider>
      <div>
        <nav className="mb-3 text-sm" aria-label={t("helpdesk.ticket.breadcrumb")}>
          <Link to="/support" className="text-brand-700 hover:underline">
            ← {t("support.title")}
          </Link>
        </nav>
        <TicketGoneNotice live={live} />
        <header className="mb-5 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
              <span className="tabular-nums text-slate-500">#{ticket.number}</span> {ticket.subject}
            </h1>
            <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <StatusBadge status={ticket.status} />
              <PriorityBadge priority={ticket.priority} />
              <Badge tone="slate">{t(`ticket.type.${ticket.type}` as MessageKey)}</Badge>
              <SlaBadge sla={ticket.sla} now={now} />
              <span>
                {t(`ticket.channel.${ticket.channel}` as MessageKey)} · {t("helpdesk.ticket.createdAt", { date: format.dateTime(ticket.createdAt) })}
              </span>
              {ticket.waitingSince ? (
                <span className="font-medium text-amber-800" data-testid="waiting-since">
                  {t("helpdesk.ticket.waitingSince", { duration: duration(ticket.waitingSince, now) })}
                </span>
              ) : null}
            </div>
            <CampaignReplyNotice notice={campaignReply} />
            {ticket.mergedFrom.length > 0 ? (
              <p className="mt-2 text-sm text-slate-600">
                {t("helpdesk.ticket.mergedFrom")}{" "}
                {ticket.mergedFrom.map((number, index) => (
                  <span key={number}>
                    {index > 0 ? ", " : ""}
                    <Link to={`/support/tickets/${number}`} className="text-brand-700 hover:underline">
                      #{number}
                    </Link>
                  </span>
                ))}
              </p>
            ) : null}
          </div>
          {canWork && !merged && ticket.assigneeId !== me ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="take" />
              <input type="hidden" name="version" value={lock.version} />
              <input type="hidden" name="loadedAt" value={lock.loadedAt} />
              <Button type="submit" variant="secondary">
                {ticket.assigneeId ? t("helpdesk.take.takeOver", { name: ticket.assigneeName ?? "—" }) : t("helpdesk.take.button")}
              </Button>
            </Form>
          ) : null}
        </header>

        <TicketPresence live={live} className="-mt-2 mb-5" />

        {merged && ticket.mergedInto ? (
          <div className="mb-5 rounded-lg border border-slate-300 bg-slate-100 px-4 py-3 text-sm text-slate-800" role="note" data-testid="merged-banner">
            {t("helpdesk.ticket.mergedInto")}{" "}
            <Link to={`/support/tickets/${ticket.mergedInto.number}`} className="font-medium text-brand-700 hover:underline">
              #{ticket.mergedInto.number} · {ticket.mergedInto.subject}
            </Link>
          </div>
        ) : null}

        {actionData?.conflict ? (
          <TicketConflict ticketNumber={ticket.number} intent={actionData.intent} values={actionData.values} conflict={actionData.conflict} names={options} />
        ) : null}
        {formError("take") ? <p className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">{formError("take")}</p> : null}

        <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="min-w-0 space-y-6">
            <section aria-labelledby="thread-title">
              <h2 id="thread-title" className="sr-only">
                {t("helpdesk.thread.title")}
              </h2>
              {messages.length === 0 ? (
                <p className="text-sm text-slate-600">{t("helpdesk.thread.empty")}</p>
              ) : (
                <TicketThread
                  messages={messages}
                  messageFooter={(message) =>
                    knowledge?.canWrite && message.authorKind === "agent" && message.visibility === "public" ? (
                      <Link to={`/connaissances/articles/nouveau?message=${encodeURIComponent(message.id)}`} className="font-medium text-brand-700 hover:underline">
                        {t("knowledgeAgent.createFromReply")}
                      </Link>
                    ) : null
                  }
                />
              )}
            </section>
            {canWork && !merged ? (
              <section aria-labelledby="composer-title">
                <h2 id="composer-title" className="mb-2 text-sm font-semibold text-slate-900">
                  {t("helpdesk.composer.title")}
                </h2>
                <TicketComposer
                  key={composerKey}
                  lock={lock}
                  cannedReplies={cannedReplies}
                  defaults={replyRefusal ? { body: String(replyRefusal.values.body ?? ""), visibility: String(replyRefusal.values.visibility ?? ""), statusAfter: String(replyRefusal.values.statusAfter ?? "") } : undefined}
                  fieldErrors={replyRefusal?.fieldErrors}
                  formError={formError("reply")}
                  onSubmit={replyGuard.onSubmit}
                  onInput={replyGuard.onInput}
                  knowledgeLanguage={knowledge?.customerLanguage ?? null}
                />
                {replyGuard.dialog}
              </section>
            ) : null}
          </div>

          <aside className="space-y-6" aria-label={t("helpdesk.ticket.sidePanel")}>
            {canWork && !merged ? (
              <TicketFieldsPanel
                key={ticket.version}
                lock={lock}
                values={{ status: ticket.status, priority: ticket.priority, type: ticket.type, groupId: ticket.groupId, assigneeId: ticket.assigneeId, tags: ticket.tags }}
                options={options}
                submitted={refusalFor("fields")?.values}
                fieldErrors={refusalFor("fields")?.fieldErrors}
                formError={formError("fields")}
              />
            ) : (
              <Card title={t("helpdesk.fields.title")}>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm">
                  <dt className="text-slate-500">{t("helpdesk.fields.group")}</dt>
                  <dd>{ticket.groupName ?? t("helpdesk.fields.noGroup")}</dd>
                  <dt className="text-slate-500">{t("support.colAssignee")}</dt>
                  <dd>{ticket.assigneeName ?? t("support.unassignedLabel")}</dd>
                  <dt className="text-slate-500">{t("helpdesk.fields.tags")}</dt>
                  <dd>{ticket.tags.join(", ") || t("common.none")}</dd>
                </dl>
              </Card>
            )}
            {knowledge ? <SuggestedArticlesPanel articles={knowledge.suggestions} customerLanguage={knowledge.customerLanguage} canInsert={composerShown} /> : null}
            <RequesterCard requester={requester} now={now} />
            {rating || ticket.status === "solved" || ticket.status === "closed" ? <TicketRatingCard rating={rating} /> : null}
            {interventions && !merged ? <InterventionsPanel ticketNumber={ticket.number} panel={interventions} /> : null}
            <TicketVisitReports reports={visitReports} />
            <LogActivityLinks ticketId={ticket.id} className="flex flex-wrap items-center gap-2" />
            <Outlet />
            <Card title={t("helpdesk.history.title")}>
              <TicketHistory entries={history} />
            </Card>
            {canWork && !merged ? (
              <TicketMergePanel
                ticketNumber={ticket.number}
                lock={lock}
                preview={actionData?.intent === "merge-preview" && actionData.mergePreview ? actionData.mergePreview : null}
                fieldErrors={refusalFor(["merge", "merge-preview"])?.fieldErrors}
                typedNumber={refusalFor(["merge", "merge-preview"]) ? String(refusalFor(["merge", "merge-preview"])?.values.targetNumber ?? "") : undefined}
              />
            ) : null}
          </aside>
        </div>
      </div>
    </ReplyInsertionProvider>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
