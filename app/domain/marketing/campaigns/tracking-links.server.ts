import { env } from "~/lib/env.server";
import { signToken, verifyToken } from "~/lib/signed-tokens.server";

/**
 * The per-recipient addresses a campaign mail carries: the open pixel, the click redirects (one
 * per link of the campaign, by its position), the unsubscribe page (RFC 8058 one-click by POST,
 * confirmation page by GET). Each names the recipient through a token signed for this purpose
 * only: unguessable, tamper-proof, and worthless for any other recipient or campaign. A valid
 * token only ever touches its own recipient, and a click only redirects to a link of that
 * recipient's own campaign (no open redirect).
 */

const PURPOSE = "campaign-recipient-v1";

export function recipientToken(recipientId: string): string {
  return signToken(PURPOSE, { r: recipientId });
}

/** The recipient id a token names, or null when it is malformed, forged, or signed for something else. */
export function recipientIdFromToken(token: unknown): string | null {
  const payload = verifyToken<{ r?: unknown }>(PURPOSE, token);
  return payload && typeof payload.r === "string" && payload.r.length > 0 && payload.r.length <= 64 ? payload.r : null;
}

export const trackingPaths = {
  open: (token: string) => `/suivi/ouverture/${token}`,
  click: (token: string, position: number) => `/suivi/lien/${token}/${position}`,
  unsubscribe: (token: string) => `/desinscription/${token}`,
};

export function trackingUrls(recipientId: string, publicUrl = env().PUBLIC_URL) {
  const token = recipientToken(recipientId);
  return {
    token,
    open: `${publicUrl}${trackingPaths.open(token)}`,
    click: (position: number) => `${publicUrl}${trackingPaths.click(token, position)}`,
    unsubscribe: `${publicUrl}${trackingPaths.unsubscribe(token)}`,
  };
}

/** The subject of the mailto: unsubscribe; the email channel recognises it in any mailbox it polls. */
export function unsubscribeMailSubject(token: string): string {
  return `unsubscribe ${token}`;
}

/**
 * RFC 2369 List-Unsubscribe (https first, then mailto) and RFC 8058 List-Unsubscribe-Post: mail
 * clients offer "unsubscribe" and may POST `List-Unsubscribe=One-Click` to the https address.
 */
export function listUnsubscribeHeaders(recipientId: string, mailtoAddress: string, publicUrl = env().PUBLIC_URL): Record<string, string> {
  const urls = trackingUrls(recipientId, publicUrl);
  const mailto = `mailto:${mailtoAddress}?subject=${encodeURIComponent(unsubscribeMailSubject(urls.token))}`;
  return {
    "List-Unsubscribe": `<${urls.unsubscribe}>, <${mailto}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
