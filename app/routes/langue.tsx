import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { preferencesSchema } from "~/domain/identity/user-schemas";
import { setUserLocale } from "~/domain/identity/users.server";
import { getCurrentUser } from "~/lib/auth.server";
import { localeCookie } from "~/lib/cookies.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { safeRedirectPath } from "~/lib/http.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, preferencesSchema);
  const back = safeRedirectPath(form.get("redirectTo"), "/");
  if (!parsed.ok) throw redirect(back);
  const user = await getCurrentUser(request);
  if (user) await setUserLocale(user.id, parsed.data.locale);
  return redirect(back, { headers: { "Set-Cookie": await localeCookie().serialize(parsed.data.locale) } });
}
