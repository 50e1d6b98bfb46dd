import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { HelpCentreErrorBoundary } from "~/components/help-centre/help-centre-error";
import { localeCookie } from "~/lib/cookies.server";
import { isLocale, localeFromAcceptLanguage } from "~/lib/i18n/locales";

/** /aide: the visitor's language (the language cookie, else the browser's), then its home. */
export async function loader({ request }: LoaderFunctionArgs) {
  const chosen = await localeCookie().parse(request.headers.get("Cookie"));
  const language = isLocale(chosen) ? chosen : localeFromAcceptLanguage(request.headers.get("Accept-Language"));
  return redirect(`/aide/${language}`, { status: 302, headers: { Vary: "Accept-Language, Cookie" } });
}

export function ErrorBoundary() {
  return <HelpCentreErrorBoundary />;
}
