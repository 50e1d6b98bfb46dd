import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { answerBuilder, searchFields } from "~/lib/marketing/segment-builder.server";

/**
 * The builder's live preview (JavaScript, debounced): the count and a sample for the definition
 * being typed, never saved; invalid conditions come back with their errors.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:campaign");
  const answer = await answerBuilder(searchFields(new URL(request.url).searchParams), user.locale, { explain: false });
  return Response.json({ ...answer, why: null }, { headers: { "Cache-Control": "no-store" } });
}
