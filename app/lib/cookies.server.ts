import { createCookie } from "@remix-run/node";
import { env } from "./env.server";

function secure(): boolean {
  return env().PUBLIC_URL.startsWith("https://");
}

/** The staff session cookie: a random token, signed, never readable by scripts. */
export function sessionCookie() {
  return createCookie("comptoir_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: secure(),
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: env().SESSION_DAYS * 24 * 60 * 60,
  });
}

/** Double-submit CSRF token: the same value must come back in every form. */
export function csrfCookie() {
  return createCookie("comptoir_csrf", {
    httpOnly: true,
    sameSite: "lax",
    secure: secure(),
    path: "/",
    secrets: [env().SESSION_SECRET],
  });
}

/** One-shot message shown after a redirect (post/redirect/get). */
export function toastCookie() {
  return createCookie("comptoir_toast", {
    httpOnly: true,
    sameSite: "lax",
    secure: secure(),
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: 60,
  });
}

/** Language chosen before signing in (sign-in page switch); signed-in users keep theirs in the database. */
export function localeCookie() {
  return createCookie("comptoir_locale", { httpOnly: true, sameSite: "lax", secure: secure(), path: "/", maxAge: 365 * 24 * 60 * 60 });
}
