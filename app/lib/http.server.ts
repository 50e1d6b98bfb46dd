import { data } from "@remix-run/node";

/** 403 with a reason the error page can show. */
export function forbidden(reason = "permission") {
  return data({ reason }, { status: 403, statusText: "Forbidden" });
}

/** 404, also used when a record exists but the user may not see it: existence is not revealed. */
export function notFound() {
  return data({ reason: "not_found" }, { status: 404, statusText: "Not Found" });
}

/** A same-site path to go back to after sign-in; anything else falls back to the home page. */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
