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
  const [visible, setVisible] = useState(Boolean(toast));
  useEffect(() => {
    setVisible(Boolean(toast));
    if (!toast) return;
    const timer = setTimeout(() => setVisible(false), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
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
