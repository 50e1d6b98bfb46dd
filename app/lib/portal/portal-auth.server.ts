import { createCookie, redirect } from "@remix-run/node";
import { closePortalSession, findPortalSession, openPortalSession, type PortalCustomer, PORTAL_SESSION_DAYS } from "~/domain/portal/portal-sessions.server";
import type { PortalViewer } from "~/domain/portal/portal-access.server";
import { env } from "../env.server";
import { safeRedirectPath } from "../http.server";

/**
 * The customer portal's own session cookie: never the staff cookie, its own name,
 * HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site posts), Secure under
 * https, signed. Only the token's hash is stored (PortalSession).
 */
export function portalSessionCookie() {
  return createCookie("comptoir_portal", {
    httpOnly: true,
    sameSite: "lax",
    secure: env().PUBLIC_URL.startsWith("https://"),
    // "/" and not "/portail": Remix's data requests for the portal home go to /portail.data,
    // which a "/portail" cookie path would not match.
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: PORTAL_SESSION_DAYS * 24 * 60 * 60,
  });
}

const customersByRequest = new WeakMap<Request, Promise<PortalCustomer | null>>();

/** The signed-in customer behind the request, or null. Looked up once per request. */
export function getCurrentCustomer(request: Request): Promise<PortalCustomer | null> {
  let lookup = customersByRequest.get(request);
  if (!lookup) {
    lookup = (async () => {
      const token = await portalSessionCookie().parse(request.headers.get("Cookie"));
      if (typeof token !== "string" || token.length < 20) return null;
      return findPortalSession(token);
    })();
    customersByRequest.set(request, lookup);
  }
  return lookup;
}

/** The signed-in customer, or a redirect to the portal sign-in page that comes back here afterwards. */
export async function requireCustomer(request: Request): Promise<PortalCustomer> {
  const customer = await getCurrentCustomer(request);
  if (!customer) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(back === "/portail" ? "/portail/connexion" : `/portail/connexion?vers=${encodeURIComponent(back)}`);
  }
  return customer;
}

export function viewerOf(customer: PortalCustomer): PortalViewer {
  return { contactId: customer.contactId, companyId: customer.companyId, companyManager: customer.companyManager };
}

/** A portal path to return to after sign-in; anything outside the portal falls back to its home. */
export function portalReturnPath(target: unknown): string {
  const path = safeRedirectPath(target, "/portail");
  return path === "/portail" || path.startsWith("/portail/") || path.startsWith("/portail?") ? path : "/portail";
}

export async function portalSessionHeader(token: string): Promise<string> {
  return portalSessionCookie().serialize(token);
}

export async function startPortalSession(contactId: string, redirectTo: string): Promise<Response> {
  const { token } = await openPortalSession(contactId);
  return redirect(redirectTo, { headers: { "Set-Cookie": await portalSessionHeader(token) } });
}

export async function endPortalSession(request: Request): Promise<Response> {
  const customer = await getCurrentCustomer(request);
  if (customer) await closePortalSession(customer.sessionId);
  return redirect("/portail/connexion", { headers: { "Set-Cookie": await portalSessionCookie().serialize("", { maxAge: 0 }) } });
}
