import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { checkFormToken } from "~/domain/channels/web-form/form-token.server";
import { webFormFields } from "~/domain/channels/web-form/web-form-schema";
import { recordDeflection } from "~/domain/knowledge/help-centre.server";
import { deflectionChannels } from "~/domain/knowledge/knowledge-vocabulary";
import { readProtectedForm } from "~/lib/csrf.server";
import { deflectionLimiter } from "~/lib/help-centre/help-centre-route.server";
import { locales } from "~/lib/i18n/locales";

const deflectionSchema = z.object({
  articleId: z.string().min(1).max(40),
  channel: z.enum(deflectionChannels),
  language: z.enum(locales),
});

/**
 * "Ça répond à ma question", from the request form or the portal's new request: counts a
 * deflection of a published public article; no ticket is created. The public form proves itself
 * with its signed form token (it may live in an iframe, without cookies), the portal with its
 * CSRF token. Answers JSON to the page's script, or redirects to the article.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const fromWebForm = (await request.clone().formData()).get(webFormFields.token);
  let form: FormData;
  if (typeof fromWebForm === "string" && fromWebForm !== "") {
    form = await request.formData();
    if (!checkFormToken(fromWebForm, { minFillMs: 0 }).ok) return json({ ok: false as const, error: "csrf" }, { status: 403 });
  } else {
    try {
      form = await readProtectedForm(request);
    } catch {
      return json({ ok: false as const, error: "csrf" }, { status: 403 });
    }
  }
  const wantsJson = (request.headers.get("Accept") ?? "").includes("application/json");
  const decision = deflectionLimiter().hit(context.clientAddress);
  if (decision.limited) return json({ ok: false as const, error: "rate_limited" }, { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds) } });
  const parsed = deflectionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ ok: false as const, error: "invalid" }, { status: 400 });
  const result = await recordDeflection(parsed.data);
  if (!result.ok) return json({ ok: false as const, error: "not_found" }, { status: 404 });
  if (!wantsJson) return redirect(result.path);
  return json({ ok: true as const, title: result.title, url: result.path });
}

export async function loader() {
  return json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
}
