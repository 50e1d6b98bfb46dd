import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { Button } from "~/components/ui/button";
import { TextareaField } from "~/components/ui/field";
import { unsubscribe, unsubscribeTarget } from "~/domain/marketing/campaigns/campaign-engagement.server";
import { unsubscribeReasons } from "~/domain/marketing/campaigns/unsubscribe-reasons";
import { TRACKING_RATE_LIMITS } from "~/lib/campaign-tracking-responses.server";
import { parseForm } from "~/lib/forms";
import { isLocale, locales, type Locale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";
import { rateLimiter } from "~/lib/rate-limit.server";

/**
 * /desinscription/<token>: a campaign mail's unsubscribe address (docs/marketing.md, "Tracking").
 * GET shows a confirmation page in the recipient's language (switchable) with an optional
 * reason; it never unsubscribes by itself (mail scanners follow links). POST from that page, or
 * RFC 8058's `List-Unsubscribe=One-Click` POST a mail client sends with no page, cookie or CSRF
 * token, unsubscribes. The signed token is the proof, so this route reads no session and skips
 * the CSRF token; server/http-security.ts lets its POSTs through the cross-site guard for the
 * same reason. An unknown or forged token gets the neutral "link no longer valid" page.
 */

export const meta: MetaFunction = () => [{ title: "Désinscription · Unsubscribe · Comptoir" }, { name: "robots", content: "noindex, nofollow" }, { name: "referrer", content: "no-referrer" }];

export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const confirmSchema = z.object({
  reason: z.enum(unsubscribeReasons).optional().or(z.literal("").transform(() => undefined)),
  reasonText: z.string().trim().max(1000, "validation.tooLong").optional(),
});

function limited(clientAddress: string) {
  const limit = TRACKING_RATE_LIMITS.unsubscribe;
  return rateLimiter("campaign-unsubscribe:ip", limit.requests, limit.windowMs).hit(clientAddress || "unknown");
}

/** « j…@exemple.fr »: enough for the person to recognise their address, not a full address for whoever holds the link. */
function maskAddress(address: string): string {
  const [local, domain] = address.split("@");
  return `${local.slice(0, 1)}…@${domain ?? ""}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const decision = limited(context.clientAddress);
  if (decision.limited) throw data({ reason: "rate_limited" }, { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds) } });
  const target = await unsubscribeTarget(params.token ?? "");
  if (!target) throw data({ reason: "invalid_link" }, { status: 404 });
  // The language asked for (?lang=), else the contact's, else the campaign's.
  const requested = new URL(request.url).searchParams.get("lang");
  const locale: Locale = isLocale(requested) ? requested : isLocale(target.contact?.language) ? target.contact.language : isLocale(target.campaign.language) ? target.campaign.language : "fr";
  return { locale, sender: target.campaign.fromName, address: maskAddress(target.address), alreadyUnsubscribed: target.unsubscribedAt !== null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const decision = limited(context.clientAddress);
  if (decision.limited) throw data({ reason: "rate_limited" }, { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds) } });
  const form = await request.formData();
  const token = params.token ?? "";
  if (form.get("List-Unsubscribe") === "One-Click") {
    // RFC 8058: any 2xx; the mail client shows nothing.
    const done = await unsubscribe(token, { channel: "one_click" });
    if (!done) throw data({ reason: "invalid_link" }, { status: 404 });
    return data({ done: true as const, fieldErrors: {} });
  }
  const parsed = parseForm(form, confirmSchema);
  if (!parsed.ok) return data({ done: false as const, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const reasonLabel = parsed.data.reason ? translator("fr")(`unsubscribe.reason.${parsed.data.reason}`) : "";
  const reason = [reasonLabel, parsed.data.reasonText ?? ""].filter(Boolean).join(" — ");
  const done = await unsubscribe(token, { channel: "page", reason });
  if (!done) throw data({ reason: "invalid_link" }, { status: 404 });
  return data({ done: true as const, fieldErrors: {} });
}

/** The page's own frame: the recipient's language, switchable with plain links (?lang=). */
function UnsubscribeFrame({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const t = translator(locale);
  return (
    <div className="min-h-full bg-slate-50" lang={locale}>
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-xl items-center justify-end gap-1 px-4 py-3" aria-label={t("common.language")}>
          {locales.map((option) => (
            <a
              key={option}
              href={`?lang=${option}`}
              lang={option}
              hrefLang={option}
              aria-current={option === locale ? "true" : undefined}
              title={t(`locale.${option}`)}
              className={cn("rounded px-2 py-1 text-xs font-semibold uppercase", option === locale ? "bg-slate-200 text-slate-900" : "text-slate-500 hover:text-slate-900")}
            >
              {option}
            </a>
          ))}
        </nav>
      </header>
      <main id="contenu" className="mx-auto max-w-xl px-4 py-10">
        {children}
      </main>
    </div>
  );
}

export default function UnsubscribePage() {
  const { locale, sender, address, alreadyUnsubscribed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = translator(locale);
  if (result?.done || alreadyUnsubscribed) {
    return (
      <UnsubscribeFrame locale={locale}>
        <section className="rounded-lg border border-slate-200 bg-white p-6" aria-live="polite" data-testid="unsubscribe-done">
          <h1 className="text-2xl font-semibold text-slate-900">{t("unsubscribe.doneTitle")}</h1>
          <p className="mt-3 text-slate-700">{t("unsubscribe.doneText", { address, sender })}</p>
          <p className="mt-3 text-sm text-slate-600">{t("unsubscribe.doneChange")}</p>
        </section>
      </UnsubscribeFrame>
    );
  }
  const reasonError = result?.fieldErrors && "reasonText" in result.fieldErrors ? result.fieldErrors.reasonText : undefined;
  return (
    <UnsubscribeFrame locale={locale}>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h1 className="text-2xl font-semibold text-slate-900">{t("unsubscribe.title")}</h1>
        <p className="mt-3 text-slate-700">{t("unsubscribe.intro", { sender, address })}</p>
        <Form method="post" action={`?lang=${locale}`} className="mt-6 space-y-4">
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">{t("unsubscribe.reasonLegend")}</legend>
            <div className="mt-2 space-y-2">
              {unsubscribeReasons.map((reason) => (
                <label key={reason} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="radio" name="reason" value={reason} className="h-4 w-4" />
                  {t(`unsubscribe.reason.${reason}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <TextareaField label={t("unsubscribe.reasonText")} name="reasonText" rows={3} maxLength={1000} error={reasonError ? t(reasonError) : undefined} />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {t("unsubscribe.confirm")}
          </Button>
        </Form>
      </section>
    </UnsubscribeFrame>
  );
}

export function ErrorBoundary() {
  return <UnsubscribeError />;
}

function UnsubscribeError() {
  const { locale, t } = useI18n();
  const error = useRouteError();
  const limited = isRouteErrorResponse(error) && error.status === 429;
  return (
    <UnsubscribeFrame locale={locale}>
      <section className="rounded-lg border border-slate-200 bg-white p-6" data-testid="unsubscribe-invalid">
        <h1 className="text-2xl font-semibold text-slate-900">{limited ? t("unsubscribe.pageTitle") : t("unsubscribe.invalidTitle")}</h1>
        <p className="mt-3 text-slate-700">{limited ? t("unsubscribe.tooMany") : t("unsubscribe.invalidText")}</p>
      </section>
    </UnsubscribeFrame>
  );
}
