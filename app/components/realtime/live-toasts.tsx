import { Link } from "@remix-run/react";
import { useI18n } from "../i18n";
import { useOptionalRealtime } from "./realtime-provider";

/** Short lines about what colleagues and customers just did, bottom left, announced politely. */
export function LiveToasts() {
  const realtime = useOptionalRealtime();
  const { t } = useI18n();
  const toasts = realtime?.toasts ?? [];
  return (
    <div aria-live="polite" className="pointer-events-none fixed bottom-4 left-4 z-40 flex max-w-sm flex-col gap-2">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-testid="live-toast"
          className="pointer-events-auto flex items-start gap-3 rounded-md bg-white px-4 py-3 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200"
        >
          {toast.href ? (
            <Link to={toast.href} className="flex-1 underline-offset-2 hover:underline" onClick={() => realtime?.dismissToast(toast.id)}>
              {toast.message}
            </Link>
          ) : (
            <span className="flex-1">{toast.message}</span>
          )}
          <button
            type="button"
            onClick={() => realtime?.dismissToast(toast.id)}
            className="-m-1 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
            aria-label={t("realtime.activity.dismiss")}
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth={2}>
              <path d="M5 5l10 10M15 5L5 15" />
            </svg>
          </button>
        </div>
      ))}
    </div>
  );
}
