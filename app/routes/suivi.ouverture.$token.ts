import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordOpen } from "~/domain/marketing/campaigns/campaign-engagement.server";
import { TRACKING_RATE_LIMITS, transparentPixel } from "~/lib/campaign-tracking-responses.server";
import { rateLimiter } from "~/lib/rate-limit.server";

/**
 * /suivi/ouverture/<token>: the open pixel of a campaign mail (docs/marketing.md, "Tracking").
 * Always the same 1×1 transparent GIF, never cached, whatever the token: the answer never tells
 * whether a token exists. A valid token counts the open (one indexed UPDATE). Over the per-address
 * limit the pixel is still served, the open is simply not counted.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const limit = TRACKING_RATE_LIMITS.open;
  const decision = rateLimiter("campaign-open:ip", limit.requests, limit.windowMs).hit(context.clientAddress || "unknown");
  if (!decision.limited) await recordOpen(params.token ?? "");
  return transparentPixel();
}
