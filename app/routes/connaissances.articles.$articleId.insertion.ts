import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { insertArticleIntoReply } from "~/domain/knowledge/article-insertions.server";
import { knowledgeLanguages } from "~/domain/knowledge/knowledge-vocabulary";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { env } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";

const insertionSchema = z.object({ langue: z.enum(knowledgeLanguages, { message: "validation.choose" }) });

const noStore = { "Cache-Control": "private, no-store" };

/** Only POST: an insertion is counted. */
export function loader() {
  return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST", ...noStore } });
}

/**
 * POST /connaissances/articles/{articleId}/insertion (CSRF; `langue` the customer's language):
 * an agent inserts a published article into a reply. Counts the day's insertions and answers
 * `{ title, url, text, html }` in that language (or the article's only version); `url` is null
 * for an internal article, whose link no customer can open. Agents only: whoever may reply.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // A JSON answer, not the error page: the composer's script reads it.
  if (!can(user, "update:ticket") || !can(user, "read:knowledge")) return Response.json({ error: "forbidden" }, { status: 403, headers: noStore });
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, insertionSchema);
  if (!parsed.ok) return Response.json({ error: "invalid", fieldErrors: parsed.fieldErrors }, { status: 400, headers: noStore });
  const insertion = await insertArticleIntoReply({ articleId: params.articleId ?? "", language: parsed.data.langue, publicUrl: env().PUBLIC_URL });
  if (!insertion) return Response.json({ error: "not_found" }, { status: 404, headers: noStore });
  return Response.json(
    { title: insertion.title, url: insertion.url, text: insertion.text, html: insertion.html, language: insertion.language, internal: insertion.internal },
    { headers: noStore },
  );
}
