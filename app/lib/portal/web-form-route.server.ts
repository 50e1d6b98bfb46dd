import { data, redirect } from "@remix-run/node";
import { issueFormToken } from "~/domain/channels/web-form/form-token.server";
import { submitWebRequest } from "~/domain/channels/web-form/intake.server";
import { webFormFields } from "~/domain/channels/web-form/web-form-schema";
import { getWebFormSettings } from "~/domain/channels/web-form/web-form-settings.server";
import { resolveLocale } from "../i18n/request-locale.server";
import { isLocale, type Locale } from "../i18n/locales";
import { signToken, verifyToken } from "../signed-tokens.server";
import { parseUploadForm } from "../uploads.server";

/**
 * The loader and action shared by the public form (/demande) and its embeddable twin
 * (/demande/integree). Neither reads a session: the form acts with no one's authority, which
 * is why it may be posted from an iframe on a customer's site (see docs/decisions/006).
 */

export async function webFormLoader(request: Request) {
  const locale = await resolveLocale(request, null);
  const settings = await getWebFormSettings();
  return {
    title: locale === "en" ? settings.titleEn : settings.titleFr,
    intro: locale === "en" ? settings.introEn : settings.introFr,
    types: settings.types,
    formToken: issueFormToken(),
    lang: explicitLang(request),
  };
}

/** `?lang=` given in the address (the embed snippet can set it), kept across the form's pages. */
function explicitLang(request: Request): Locale | null {
  const value = new URL(request.url).searchParams.get("lang");
  return isLocale(value) ? value : null;
}

export async function webFormAction(request: Request, clientAddress: string, embedded: boolean) {
  const locale = await resolveLocale(request, null);
  const settings = await getWebFormSettings();
  const upload = await parseUploadForm(request, { fileField: webFormFields.files });
  const result = await submitWebRequest({
    fields: upload.form,
    files: upload.files,
    rejected: upload.rejected,
    oversizedFields: upload.oversizedFields,
    clientAddress,
    locale,
    offeredTypes: settings.types,
  });
  if (result.ok) {
    const receipt = signToken("web-form-receipt", { n: result.ticketNumber, e: result.email, t: Date.now() });
    const lang = explicitLang(request);
    const target = `${embedded ? "/demande/integree/envoyee" : "/demande/envoyee"}?recu=${encodeURIComponent(receipt)}${lang ? `&lang=${lang}` : ""}`;
    return redirect(target);
  }
  return data(result, { status: result.status, headers: result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : undefined });
}

const RECEIPT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** The confirmation page's data, from the signed receipt in its address (no ticket is looked up). */
export function readReceipt(request: Request): { ticketNumber: number; email: string } | null {
  const receipt = new URL(request.url).searchParams.get("recu");
  const payload = verifyToken<{ n: number; e: string; t: number }>("web-form-receipt", receipt);
  if (!payload || typeof payload.n !== "number" || typeof payload.e !== "string" || typeof payload.t !== "number") return null;
  if (Date.now() - payload.t > RECEIPT_MAX_AGE_MS) return null;
  return { ticketNumber: payload.n, email: payload.e };
}
