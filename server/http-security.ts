import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** Security headers for every response; a fresh CSP nonce per request for Remix's inline scripts. */
export function securityHeaders(options: { production: boolean }) {
  return (_request: Request, response: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    response.locals.cspNonce = nonce;
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (options.production) {
      response.setHeader(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src 'self' 'nonce-${nonce}'`,
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "connect-src 'self' ws: wss:",
          "font-src 'self'",
          "frame-ancestors 'none'",
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
