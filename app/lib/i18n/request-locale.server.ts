import { localeCookie } from "~/lib/cookies.server";
import type { CurrentUser } from "~/lib/auth.server";
import { isLocale, type Locale, localeFromAcceptLanguage } from "./locales";

/**
 * The signed-in user's saved language; else, for visitors, `?lang=` in the address (the public
 * form embedded in an iframe, where cookies may be blocked, switches language this way); else
 * the sign-in page's choice; else the browser's; else French.
 */
export async function resolveLocale(request: Request, user: CurrentUser | null): Promise<Locale> {
  if (user && isLocale(user.locale)) return user.locale;
  const requested = new URL(request.url).searchParams.get("lang");
  if (isLocale(requested)) return requested;
  const chosen = await localeCookie().parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}
