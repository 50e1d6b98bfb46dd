import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";
import { answerBuilder, searchFields } from "~/lib/marketing/segment-builder.server";

/**
 * The builder's live preview (JavaScript, debounced): the count and a sample for the definition
 * being typed, never saved; invalid conditions come back with their errors.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // A plain response: a thrown error response from a resource route would be logged as an error.
  if (!can(user, "update:campaign")) return new Response("Forbidden", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const answer = await answerBuilder(searchFields(new URL(request.url).searchParams), user.locale, { explain: false });
  return Response.json({ ...answer, why: null }, { headers: { "Cache-Control": "no-store" } });
}
