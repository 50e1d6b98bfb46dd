import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * The pages of the embeddable request form (/demande/integree, its confirmation page and their
 * Remix data requests): the only pages another site may frame, and the only endpoint that
 * accepts a cross-site post. See docs/decisions/006-public-form-and-portal.md.
 */
export const embeddableFormPath = /^\/demande\/integree(?:\.data|\/envoyee(?:\.data)?)?\/?$/;
/** Where the embedded form posts: the form page itself (and its Remix data request). */
const embeddedFormEndpoint = /^\/demande\/integree(?:\.data)?\/?$/;

/**
 * A campaign mail's unsubscribe address (/desinscription/<token>, docs/marketing.md): RFC 8058
 * one-click POSTs come from mail providers (no cookie, no CSRF token, sometimes an Origin of
 * their own), and the confirmation form posts there too. The signed per-recipient token IS the
 * proof; the request acts with nobody's authority (no session read) and can only unsubscribe the
 * address that received that mail, so a cross-site post of it is harmless.
 */
const campaignUnsubscribeEndpoint = /^\/desinscription\/[A-Za-z0-9._~-]+(?:\.data)?\/?$/;

/** The wall screens' board pages (/ecran/<token>) and their Remix data requests. */
export const wallScreenPath = /^\/ecran\//;

/** Security headers for every response; a fresh CSP nonce per request for Remix's inline scripts. */
export function securityHeaders(options: { production: boolean }) {
  return (request: Request, response: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    const embeddable = embeddableFormPath.test(request.path);
    // A wall screen's address carries its board token: never sent on as a referrer, never indexed.
    const wallScreen = wallScreenPath.test(request.path);
    response.locals.cspNonce = nonce;
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", wallScreen ? "no-referrer" : "strict-origin-when-cross-origin");
    if (wallScreen) response.setHeader("X-Robots-Tag", "noindex, nofollow");
    if (!embeddable) response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (options.production) {
      response.setHeader(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src 'self' 'nonce-${nonce}'`,
          "style-src 'self' 'unsafe-inline'",
          // Remote images of a mail load only after the agent clicks "show images" (the sanitiser
          // keeps their address out of src until then): see docs/decisions/008-email-channel.md.
          "img-src 'self' data: blob: https:",
          "connect-src 'self' ws: wss:",
          "font-src 'self'",
          embeddable ? "frame-ancestors *" : "frame-ancestors 'none'",
          "form-action 'self'",
          "base-uri 'self'",
          "object-src 'none'",
        ].join("; "),
      );
    }
    next();
  };
}

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * First line of CSRF defence, before any body is read: a state-changing request that a browser
 * marks as cross-site (Sec-Fetch-Site or a foreign Origin) is refused. Forms also carry a token
 * (app/lib/csrf.server.ts), which covers browsers that send neither header.
 */
export function refuseCrossSiteWrites(publicOrigin: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (!unsafeMethods.has(request.method)) return next();
    // The two exceptions: the campaign unsubscribe address (see campaignUnsubscribeEndpoint: its
    // token is the proof), and the embeddable public form, which may be posted from an iframe on a customer's
    // site (a sandboxed one sends "Origin: null"). It acts with nobody's authority (it reads no
    // session cookie) and carries its own defences: signed form token, honeypot, rate limits.
    // Remix refuses a post whose Origin differs from Host on its own, so the Origin header is
    // dropped here, for this endpoint only, once this guard has decided to let it through.
    if (request.method === "POST" && (embeddedFormEndpoint.test(request.path) || campaignUnsubscribeEndpoint.test(request.path))) {
      delete request.headers.origin;
      return next();
    }
    const fetchSite = request.get("Sec-Fetch-Site");
    const origin = request.get("Origin");
    const sameHostOrigin = `${request.protocol}://${request.get("Host")}`;
    const foreignOrigin = origin !== undefined && origin !== "null" && origin !== sameHostOrigin && origin !== publicOrigin;
    if (fetchSite === "cross-site" || foreignOrigin || origin === "null") {
      response.status(403).type("text/plain; charset=utf-8").send("Requête refusée : origine étrangère. / Request refused: foreign origin.");
      return;
    }
    next();
  };
}
