/**
 * The fixed answers of the public campaign tracking endpoints (/suivi/...): the same bytes
 * whatever the token, so an answer never tells whether a token or a recipient exists.
 */

/** Per client address. Generous: a whole company behind one NAT may open a mailing at once. */
export const TRACKING_RATE_LIMITS = {
  open: { requests: 1200, windowMs: 60_000 },
  click: { requests: 300, windowMs: 60_000 },
  unsubscribe: { requests: 30, windowMs: 60_000 },
} as const;

// GIF89a, 1×1, one transparent pixel (42 bytes).
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

const noStore = { "Cache-Control": "no-store, no-cache, must-revalidate, max-age=0", Pragma: "no-cache", "X-Robots-Tag": "noindex, nofollow" };

export function transparentPixel(): Response {
  return new Response(PIXEL, { status: 200, headers: { "Content-Type": "image/gif", "Content-Length": String(PIXEL.length), ...noStore } });
}

const invalidLinkPage = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>Lien invalide · Link no longer valid</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #0f172a">
<main>
<h1 style="font-size: 1.5rem">Ce lien n'est plus valide</h1>
<p>L'adresse que vous avez suivie est incomplète ou a expiré. Si vous attendiez une page précise, écrivez-nous en répondant au message reçu.</p>
<h2 lang="en" style="font-size: 1.25rem; margin-top: 2rem">This link is no longer valid</h2>
<p lang="en">The address you followed is incomplete or has expired. If you expected a particular page, reply to the message you received.</p>
</main>
</body></html>`;

/** The one neutral page of every click that does not redirect (tampered, forged, foreign, unknown). */
export function invalidTrackingLink(): Response {
  return new Response(invalidLinkPage, { status: 404, headers: { "Content-Type": "text/html; charset=utf-8", ...noStore } });
}

export function tooManyTrackingRequests(retryAfterSeconds: number): Response {
  return new Response("Trop de requêtes, réessayez dans un instant. / Too many requests, try again shortly.", {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(Math.max(1, retryAfterSeconds)), ...noStore },
  });
}
