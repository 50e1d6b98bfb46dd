import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordClick } from "~/domain/marketing/campaigns/campaign-engagement.server";
import { invalidTrackingLink, TRACKING_RATE_LIMITS, tooManyTrackingRequests } from "~/lib/campaign-tracking-responses.server";
import { rateLimiter } from "~/lib/rate-limit.server";

/**
 * /suivi/lien/<token>/<position>: a click in a campaign mail. Redirects (302) only to the stored
 * URL of link <position> of the token's own campaign; a tampered, forged or foreign token, an
 * unknown recipient or another campaign's position all get the same neutral 404 page. Nothing in
 * the address is ever used as a destination: no open redirect.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const limit = TRACKING_RATE_LIMITS.click;
  const decision = rateLimiter("campaign-click:ip", limit.requests, limit.windowMs).hit(context.clientAddress || "unknown");
  if (decision.limited) return tooManyTrackingRequests(decision.retryAfterSeconds);
  const position = /^\d{1,6}$/.test(params.position ?? "") ? Number(params.position) : -1;
  const url = position >= 0 ? await recordClick(params.token ?? "", position) : null;
  if (!url) return invalidTrackingLink();
  return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}
