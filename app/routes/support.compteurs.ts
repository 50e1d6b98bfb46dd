import type { LoaderFunctionArgs } from "@remix-run/node";
import { queueCounts } from "~/domain/helpdesk/ticket-queries.server";
import { requireUser } from "~/lib/auth.server";

/**
 * The Support tabs' counters alone, for live updates: the queue page reloads them (debounced)
 * when a ticket event reaches it, instead of reloading the whole list under the agent's cursor.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  return { counts: await queueCounts(user) };
}
