import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { DealFiltersForm } from "~/components/sales/deal-filters-form";
import { DealKanban } from "~/components/sales/deal-kanban";
import { ButtonLink } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { can } from "~/domain/identity/permissions";
import { moveDeal } from "~/domain/sales/deal-commands.server";
import { dealFiltersFromParams, dealFiltersToParams } from "~/domain/sales/deal-filters";
import { dealFilterContext, findDealForViewer, loadKanban } from "~/domain/sales/deal-queries.server";
import { dealMoveSchema } from "~/domain/sales/deal-schemas";
import { DealConflictError } from "~/domain/sales/deal-stage-moves.server";
import { activePipeline } from "~/domain/sales/pipeline.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { notFound, safeRedirectPath } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Pipeline · Ventes · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const context = await dealFilterContext(user);
  const filters = dealFiltersFromParams(new URL(request.url).searchParams, context);
  const [board, pipeline] = await Promise.all([loadKanban(user, filters), activePipeline()]);
  if (!board) throw notFound();
  return {
    columns: board.columns,
    lossReasons: pipeline.lossReasons,
    filters,
    filterQuery: dealFiltersToParams(filters, context).toString(),
    owners: context.owners,
    mayChooseOwner: context.mayChooseOwner,
    canMove: can(user, "update:deal"),
    canCreate: can(user, "create:deal"),
  };
}

/**
 * A card moved (drag and drop, its menu, the loss dialog): post/redirect/get back to the board
 * with its filters. A move that lost a race with a colleague's comes back with a message and the
 * board as it is now; a lost stage without a reason goes to the deal page, which asks for one.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const form = await readProtectedForm(request);
  if (form.get("intent") !== "move") throw data({ reason: "bad_intent" }, { status: 400 });
  const back = safeRedirectPath(form.get("back"), "/ventes");
  const board = back.startsWith("/ventes?") || back === "/ventes" ? back : "/ventes";
  const parsed = parseForm(form, dealMoveSchema);
  const deal = await findDealForViewer(user, parsed.ok ? parsed.data.dealId : String(form.get("dealId") ?? ""), "update");
  if (!deal) throw notFound();
  if (!parsed.ok) return redirectWithToast(board, { kind: "error", message: parsed.fieldErrors.version ? "sales.staleForm" : "sales.kanban.moveRefused" });
  const { data: move } = parsed;
  try {
    const result = await moveDeal(user, { dealId: deal.id, toStageId: move.stageId, expectedVersion: move.version, lossReasonId: move.lossReasonId, lossNote: move.lossNote });
    return redirectWithToast(board, result.moved ? { kind: "success", message: "sales.kanban.moved" } : { kind: "info", message: "sales.move.sameStage" });
  } catch (error) {
    if (error instanceof DealConflictError) return redirectWithToast(board, { kind: "error", message: "sales.kanban.conflict" });
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      if (error.field === "lossReasonId") {
        return redirectWithToast(`/ventes/affaires/${deal.id}?etape=${encodeURIComponent(move.stageId)}`, { kind: "info", message: "sales.kanban.lossReasonNeeded" });
      }
      return redirectWithToast(board, { kind: "error", message: error.code });
    }
    throw error;
  }
}

export default function PipelinePage() {
  const { columns, lossReasons, filters, filterQuery, owners, mayChooseOwner, canMove, canCreate } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <PageHeader
        title={t("sales.kanban.title")}
        description={t("sales.kanban.intro")}
        actions={
          <>
            <ButtonLink to={`/ventes/affaires${filterQuery ? `?${filterQuery}` : ""}`}>{t("sales.kanban.listView")}</ButtonLink>
            {canCreate ? (
              <ButtonLink to="/ventes/affaires/nouvelle" variant="primary">
                {t("sales.deal.new")}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <DealFiltersForm filters={filters} owners={owners} mayChooseOwner={mayChooseOwner} resetTo="/ventes" />
      <DealKanban columns={columns} lossReasons={lossReasons} canMove={canMove} showOwner={mayChooseOwner} filterQuery={filterQuery} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
