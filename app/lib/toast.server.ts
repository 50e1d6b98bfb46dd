import type { MessageKey } from "./i18n/messages/fr";
import { toastCookie } from "./cookies.server";

export type Toast = { kind: "success" | "error" | "info"; message: MessageKey; params?: Record<string, string | number> };

/** Set-Cookie header carrying a one-shot toast for the next page. */
export async function toastHeader(toast: Toast): Promise<string> {
  return toastCookie().serialize(toast);
}

/** Reads the pending toast (if any) and the header that clears it. */
export async function takeToast(request: Request): Promise<{ toast: Toast | null; clearHeader: string | null }> {
  const value = await toastCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return { toast: null, clearHeader: null };
  return { toast: value as Toast, clearHeader: await toastCookie().serialize("", { maxAge: 0 }) };
}
