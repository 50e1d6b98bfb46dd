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
  const incoming = root?.toast ?? null;
  const [toast, setToast] = useState(incoming);
  // A revalidation without a toast (a live page reloading its data) leaves the current one its time.
  useEffect(() => {
    if (incoming) setToast(incoming);
  }, [incoming]);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  const visible = toast !== null;
  return (
    <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50">
      {toast && visible ? (
        <div
          role="status"
          className={cn(
            "pointer-events-auto rounded-md px-4 py-3 text-sm shadow-lg ring-1",
            toast.kind === "error" ? "bg-red-50 text-red-900 ring-red-200" : "bg-slate-900 text-white ring-slate-900",
          )}
        >
          {t(toast.message as MessageKey, toast.params)}
        </div>
      ) : null}
    </div>
  );
}
