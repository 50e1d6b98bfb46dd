import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { buttonClasses } from "~/components/ui/button";

/** The confirmation shown once a request is recorded: its number and where the mail went. */
export function RequestReceipt({ receipt, embedded, againHref }: { receipt: { ticketNumber: number; email: string } | null; embedded: boolean; againHref: string }) {
  const { t } = useI18n();
  if (!receipt) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">{t("portal.receipt.unknownTitle")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("portal.receipt.unknownText")}</p>
        <Link to={againHref} className={buttonClasses("secondary", "md", "mt-6")}>
          {t("portal.receipt.another")}
        </Link>
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-emerald-200 bg-white p-6 text-center shadow-sm" data-testid="request-receipt">
      <p className="text-sm font-semibold text-emerald-700">{t("portal.receipt.kicker")}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("portal.receipt.title", { number: receipt.ticketNumber })}</h1>
      <p className="mt-3 text-sm text-slate-600">{t("portal.receipt.mailSent", { email: receipt.email })}</p>
      <p className="mt-1 text-sm text-slate-600">{t("portal.receipt.keepNumber")}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <a href="/portail" target={embedded ? "_blank" : undefined} rel={embedded ? "noopener" : undefined} className={buttonClasses("primary")}>
          {t("portal.receipt.follow")}
        </a>
        <Link to={againHref} className={buttonClasses("secondary")}>
          {t("portal.receipt.another")}
        </Link>
      </div>
    </div>
  );
}
