import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { DealMoveForm } from "~/components/sales/deal-move-form";
import { LogActivityLinks } from "~/components/sales/log-activity-links";
import { useSalesFormat } from "~/components/sales/sales-format";
import { ServicePanel } from "~/components/sales/service-panel";
import { StageBadge } from "~/components/sales/stage-kind-badge";
import { StageHistory } from "~/components/sales/stage-history";
import { ButtonLink } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { moveDeal } from "~/domain/sales/deal-commands.server";
import { currentStageOf, findDealForViewer, loadDealPage } from "~/domain/sales/deal-queries.server";
import { dealMoveSchema } from "~/domain/sales/deal-schemas";
import { DealConflictError } from "~/domain/sales/deal-stage-moves.server";
import { activePipeline } from "~/domain/sales/pipeline.server";
import { weightedCents } from "~/domain/sales/pipeline-rules";
import { loadServiceHistory } from "~/domain/sales/service-history.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.deal.title ?? "Affaire"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const now = new Date();
  const page = await loadDealPage(user, params.dealId ?? "", now);
  if (!page) throw notFound();
  const [pipeline, service] = await Promise.all([page.canEdit ? activePipeline() : null, loadServiceHistory(user, page.deal.company.id, now)]);
  // The kanban sends a move to a lost stage here when it came without a reason.
  const preselectedStageId = new URL(request.url).searchParams.get("etape");
  return { page, pipeline, service, preselectedStageId };
}

type MoveConflict = { stageName: string; actorName: string | null; at: string | null };
type ActionResult = { fieldErrors: FieldErrors; formError: MessageKey | null; moveConflict?: MoveConflict };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const deal = await findDealForViewer(user, params.dealId ?? "", "update");
  if (!deal) throw notFound();
  const form = await readProtectedForm(request);
  if (form.get("intent") !== "move") throw data({ reason: "bad_intent" }, { status: 400 });
  const parsed = parseForm(form, dealMoveSchema);
  if (!parsed.ok) {
    const { version, ...fieldErrors } = parsed.fieldErrors;
    return data<ActionResult>({ fieldErrors, formError: version ? "sales.staleForm" : "common.formHasErrors" }, { status: 400 });
  }
  try {
    const move = await moveDeal(user, { dealId: deal.id, toStageId: parsed.data.stageId, expectedVersion: parsed.data.version, lossReasonId: parsed.data.lossReasonId, lossNote: parsed.data.lossNote });
    return redirectWithToast(`/ventes/affaires/${deal.id}`, move.moved ? { kind: "success", message: "sales.move.done" } : { kind: "info", message: "sales.move.sameStage" });
  } catch (error) {
    if (error instanceof DealConflictError) {
      const current = await currentStageOf(deal.id);
      return data<ActionResult>(
        { fieldErrors: {}, formError: null, moveConflict: { stageName: current?.stageName ?? "", actorName: current?.actorName ?? null, at: current?.at?.toISOString() ?? null } },
        { status: 409 },
      );
    }
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return data<ActionResult>({ fieldErrors: error.field ? { [error.field]: error.code } : {}, formError: error.field ? null : error.code }, { status: 409 });
    }
    throw error;
  }
}

export default function DealPage() {
  const { page, pipeline, service, preselectedStageId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, format } = useI18n();
  const money = useSalesFormat();
  const { deal } = page;
  const error = (field: string) => {
    const key = result?.fieldErrors[field];
    return key ? t(key) : null;
  };
  const contactName = deal.contact ? `${deal.contact.firstName} ${deal.contact.lastName}`.trim() : null;
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.tabs.deals"), to: "/ventes/affaires" }, { label: deal.title }]} />
      <PageHeader
        title={deal.title}
        description={deal.company.name}
        actions={
          page.canEdit ? (
            <ButtonLink to={`/ventes/affaires/${deal.id}/modifier`} variant="primary">
              {t("common.edit")}
            </ButtonLink>
          ) : null
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-3 text-sm">
        <StageBadge name={deal.stage.name} kind={deal.stage.kind} />
        <span className="font-semibold tabular-nums text-slate-900" data-testid="deal-amount">
          {money.cents(deal.amountCents)}
        </span>
        {deal.stageKind === "open" ? (
          <span className="text-slate-600">{t("sales.deal.weightedAt", { amount: money.cents(weightedCents(deal.amountCents, deal.stage.probability)), probability: deal.stage.probability })}</span>
        ) : null}
        {!page.canEdit ? <Badge tone="slate">{t("sales.deal.readOnly")}</Badge> : null}
      </div>

      {result?.moveConflict ? (
        <div role="alert" className="mb-6 rounded-lg border-2 border-red-300 bg-red-50 p-4 text-sm text-red-900" data-testid="move-conflict">
          <p className="font-semibold">{t("sales.conflict.title")}</p>
          <p className="mt-1">
            {result.moveConflict.actorName && result.moveConflict.at
              ? t("sales.move.conflictBy", { stage: result.moveConflict.stageName, name: result.moveConflict.actorName, date: format.dateTime(result.moveConflict.at) })
              : t("sales.move.conflict", { stage: result.moveConflict.stageName })}
          </p>
        </div>
      ) : null}
      {result?.formError ? <FormAlert>{t(result.formError)}</FormAlert> : null}

      {page.canEdit ? <LogActivityLinks dealId={deal.id} companyId={deal.company.id} contactId={deal.contact?.id} /> : null}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-6">
          <Card title={t("sales.deal.details")}>
            <dl className="divide-y divide-slate-100">
              <Detail label={t("sales.deal.company")}>
                <Link to={`/clients/societes/${deal.company.id}`} className="text-brand-700 hover:underline">
                  {deal.company.name}
                </Link>
              </Detail>
              <Detail label={t("sales.deal.contact")}>
                {deal.contact ? (
                  <Link to={`/clients/contacts/${deal.contact.id}`} className="text-brand-700 hover:underline">
                    {contactName || t("customers.contacts.unnamed")}
                  </Link>
                ) : (
                  "—"
                )}
                {deal.contact?.jobTitle ? <span className="text-slate-500"> · {deal.contact.jobTitle}</span> : null}
              </Detail>
              <Detail label={t("sales.deal.owner")}>{deal.owner.name}</Detail>
              <Detail label={t("sales.deal.expectedClose")}>{deal.expectedCloseDate ? format.date(deal.expectedCloseDate) : "—"}</Detail>
              <Detail label={t("sales.deal.source")}>{t(`sales.source.${deal.source}` as MessageKey)}</Detail>
              {deal.closedAt ? <Detail label={deal.stageKind === "won" ? t("sales.deal.wonAt") : t("sales.deal.lostAt")}>{format.date(deal.closedAt)}</Detail> : null}
              {deal.stageKind === "lost" ? (
                <Detail label={t("sales.deal.lossReason")}>
                  <span data-testid="loss-reason">{deal.lossReason?.label ?? "—"}</span>
                  {deal.lossNote ? <span className="block whitespace-pre-line text-slate-600">{deal.lossNote}</span> : null}
                </Detail>
              ) : null}
              {deal.notes ? (
                <Detail label={t("sales.deal.notes")}>
                  <span className="whitespace-pre-line">{deal.notes}</span>
                </Detail>
              ) : null}
            </dl>
            <p className="mt-2 text-xs text-slate-500">{t("sales.deal.createdAt", { date: format.date(deal.createdAt) })}</p>
          </Card>

          <Related title={t("sales.deal.activities")} empty={t("sales.deal.noActivities")}>
            {page.activities.map((activity) => (
              <li key={activity.id} className="flex flex-wrap items-center gap-2">
                <span className="text-slate-500">{format.dateTime(activity.startsAt)}</span>
                <Link to={`/ventes/activites/${activity.id}`} className="text-brand-700 hover:underline">
                  {activity.subject}
                </Link>
                <Badge tone="slate">{t(`sales.dealPage.activityKind.${activity.kind === "call" || activity.kind === "appointment" || activity.kind === "task" ? activity.kind : "email"}`)}</Badge>
                {activity.doneAt ? <Badge tone="green">{t("sales.deal.activityDone")}</Badge> : null}
                <span className="text-xs text-slate-500">{activity.owner.name}</span>
              </li>
            ))}
          </Related>
          <Related
            title={t("sales.deal.visitReports")}
            empty={t("sales.deal.noVisitReports")}
            action={page.canEdit ? <ButtonLink to={`/ventes/comptes-rendus/nouveau?dealId=${deal.id}`} size="sm">{t("sales.deal.newVisitReport")}</ButtonLink> : null}
          >
            {page.visitReports.map((report) => (
              <li key={report.id} className="flex flex-wrap items-center gap-2">
                <span className="text-slate-500">{format.date(report.visitedAt)}</span>
                <Link to={`/ventes/comptes-rendus/${report.id}`} className="text-brand-700 hover:underline">
                  {report.objectives || t("sales.deal.visitReport")}
                </Link>
                <span className="text-xs text-slate-500">{report.author.name}</span>
              </li>
            ))}
          </Related>
          <Related
            title={t("sales.deal.quotes")}
            empty={t("sales.deal.noQuotes")}
            action={page.canEdit ? <ButtonLink to={`/ventes/devis/nouveau?dealId=${deal.id}`} size="sm">{t("sales.deal.newQuote")}</ButtonLink> : null}
          >
            {page.quotes.map((quote) => (
              <li key={quote.id} className="flex flex-wrap items-center gap-2">
                <Link to={`/ventes/devis/${quote.id}`} className="font-medium text-brand-700 hover:underline">
                  {quote.number}
                </Link>
                <span className="text-slate-500">{format.date(quote.issueDate)}</span>
                <span className="tabular-nums">{money.cents(quote.totalExclCents)}</span>
                <Badge tone={quote.status === "accepted" ? "green" : quote.status === "refused" || quote.status === "expired" ? "slate" : "blue"}>
                  {t(`sales.dealPage.quoteStatus.${(["draft", "sent", "accepted", "refused", "expired"] as const).find((status) => status === quote.status) ?? "draft"}`)}
                </Badge>
              </li>
            ))}
          </Related>
          <Related title={t("sales.deal.orders")} empty={t("sales.deal.noOrders")}>
            {page.orders.map((order) => (
              <li key={order.id} className="flex flex-wrap items-center gap-2">
                <Link to={`/ventes/commandes/${order.id}`} className="font-medium text-brand-700 hover:underline">
                  {order.number}
                </Link>
                <span className="text-slate-500">{format.date(order.orderedAt)}</span>
                <span className="tabular-nums">{money.cents(order.totalExclCents)}</span>
              </li>
            ))}
          </Related>
        </div>

        <div className="space-y-6">
          {pipeline ? (
            <Card title={t("sales.move.title")}>
              <DealMoveForm
                dealId={deal.id}
                version={deal.version}
                currentStageId={deal.stage.id}
                initialStageId={preselectedStageId}
                stages={deal.stage.active ? pipeline.stages : [{ id: deal.stage.id, name: deal.stage.name, kind: deal.stageKind, probability: deal.stage.probability, position: 0 }, ...pipeline.stages]}
                lossReasons={pipeline.lossReasons}
                errors={{ stageId: error("stageId"), lossReasonId: error("lossReasonId"), lossNote: error("lossNote") }}
              />
            </Card>
          ) : null}
          <Card title={t("sales.history.title")}>
            <StageHistory entries={page.history} />
          </Card>
          {service ? <ServicePanel service={service} /> : null}
        </div>
      </div>
    </>
  );
}

function Related({ title, empty, action, children }: { title: string; empty: string; action?: ReactNode; children: ReactNode[] }) {
  return (
    <Card title={title} actions={action ?? undefined}>
      {children.length === 0 ? <p className="text-sm text-slate-600">{empty}</p> : <ul className="space-y-2 text-sm">{children}</ul>}
    </Card>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
