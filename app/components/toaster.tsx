import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { loader as rootLoader } from "~/root";
import { useI18n } from "./i18n";
import { cn } from "./ui/cn";

/** Shows the one-shot toast a redirect carried, announced to screen readers. */
export function Toaster() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t } = useI18n();
  const toast = root?.toast ?? null;
  // The toast stays its six seconds even when the root revalidates meanwhile (a live page reloads
  // its data on socket events, and that reload carries no toast: it was taken by the redirect).
  const [shown, setShown] = useState(toast);
  useEffect(() => {
    if (toast) setShown(toast);
  }, [toast]);
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(null), 6000);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50">
      {shown ? (
        <div
          role="status"
          className={cn(
            "pointer-events-auto rounded-md px-4 py-3 text-sm shadow-lg ring-1",
            shown.kind === "error" ? "bg-red-50 text-red-900 ring-red-200" : "bg-slate-900 text-white ring-slate-900",
          )}
        >
          {t(shown.message as MessageKey, shown.params)}
        </div>
      ) : null}
    </div>
  );
}
