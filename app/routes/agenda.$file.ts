import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendarFeed, CALENDAR_FEED_RATE_LIMIT, calendarFeedOwner } from "~/domain/sales/calendar-feed.server";
import { env } from "~/lib/env.server";
import { rateLimiter } from "~/lib/rate-limit.server";


const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });

/**
 * /agenda/<token>.ics: a person's agenda for their calendar application, with no session (the
 * secret address is the credential; app/domain/sales/calendar-feed.server.ts). An unknown,
 * regenerated or removed address answers 404, like a page that does not exist.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const decision = rateLimiter("calendar-feed:ip", CALENDAR_FEED_RATE_LIMIT.requests, CALENDAR_FEED_RATE_LIMIT.windowMs).hit(context.clientAddress || "unknown");
  if (decision.limited) return plain(429, "Too many requests", { "Retry-After": String(decision.retryAfterSeconds) });
  const file = params.file ?? "";
  const owner = file.endsWith(".ics") ? await calendarFeedOwner(file.slice(0, -".ics".length)) : null;
  if (!owner) return plain(404, "Not found");
  const calendar = await buildCalendarFeed(owner, { now: new Date(), publicUrl: env().PUBLIC_URL });
  return new Response(calendar, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="agenda.ics"',
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
