import type { LoaderFunctionArgs } from "@remix-run/node";
import { dealFiltersFromParams } from "~/domain/sales/deal-filters";
import { dealFilterContext, loadKanbanColumn } from "~/domain/sales/deal-queries.server";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";

/** The next cards of one pipeline column ("load more" on the kanban, app/components/sales/deal-kanban.tsx). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const params = new URL(request.url).searchParams;
  const filters = dealFiltersFromParams(params, await dealFilterContext(user));
  const page = await loadKanbanColumn(user, filters, params.get("etape") ?? "", params.get("apres"));
  if (!page) throw notFound();
  return page;
}
