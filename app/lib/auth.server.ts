import { redirect } from "@remix-run/node";
import { type ActiveSession, closeSession, findActiveSession, openSession, type SessionUser } from "~/domain/identity/sessions.server";
import { can, type PermissionRequest } from "~/domain/identity/permissions";
import { sessionCookie } from "./cookies.server";
import { env } from "./env.server";
import { forbidden } from "./http.server";
import { type Toast, toastHeader } from "./toast.server";

export type CurrentUser = SessionUser & { sessionId: string };

const sessionsByRequest = new WeakMap<Request, Promise<ActiveSession | null>>();

/** The signed-in staff member behind the request, or null. Looked up once per request. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let lookup = sessionsByRequest.get(request);
  if (!lookup) {
    lookup = (async () => {
      const token = await sessionCookie().parse(request.headers.get("Cookie"));
      if (typeof token !== "string" || token.length < 20) return null;
      return findActiveSession(token, env().SESSION_DAYS);
    })();
    sessionsByRequest.set(request, lookup);
  }
  return lookup.then((session) => (session ? { ...session.user, sessionId: session.id } : null));
}

/**
 * Authorise first: the signed-in user, or a redirect to the sign-in page; with a permission,
 * a 403 when the user does not hold it.
 */
export async function requireUser(request: Request, permission?: PermissionRequest): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/connexion${redirectTo === "/" ? "" : `?redirectTo=${encodeURIComponent(redirectTo)}`}`);
  }
  if (permission && !can(user, permission)) throw forbidden("permission");
  return user;
}

export async function startUserSession(input: {
  request: Request;
  userId: string;
  clientAddress: string;
  redirectTo: string;
}): Promise<Response> {
  const { token } = await openSession({
    userId: input.userId,
    userAgent: input.request.headers.get("User-Agent") ?? "",
    ipAddress: input.clientAddress,
    lifetimeDays: env().SESSION_DAYS,
  });
  return redirect(input.redirectTo, { headers: { "Set-Cookie": await sessionCookie().serialize(token) } });
}

export async function endUserSession(request: Request): Promise<Response> {
  const user = await getCurrentUser(request);
  if (user) await closeSession(user.sessionId);
  return redirect("/connexion", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}

/** Post/redirect/get with a toast for the next page. */
export async function redirectWithToast(to: string, toast: Toast, init?: ResponseInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await toastHeader(toast));
  return redirect(to, { ...init, headers });
}
