import crypto from "node:crypto";
import { csrfCookie } from "./cookies.server";
import { forbidden } from "./http.server";

export const CSRF_FIELD = "csrf";

/** The visitor's CSRF token, and the Set-Cookie header to send when it was just created. */
export async function csrfTokenFor(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await csrfCookie().parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing, setCookie: null };
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, setCookie: await csrfCookie().serialize(token) };
}

/**
 * Reads a submitted form and refuses it (403) unless it carries the visitor's CSRF token.
 * Every action reads its form through this, so no form can forget the check.
 */
export async function readProtectedForm(request: Request): Promise<FormData> {
  const expected = await csrfCookie().parse(request.headers.get("Cookie"));
  const form = await request.formData();
  const submitted = form.get(CSRF_FIELD);
  if (typeof expected !== "string" || typeof submitted !== "string" || !sameToken(expected, submitted)) {
    throw forbidden("csrf");
  }
  return form;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
