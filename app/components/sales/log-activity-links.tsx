import { Link, useRouteLoaderData } from "@remix-run/react";
import { can } from "~/domain/identity/permissions";
import type { loader as rootLoader } from "~/root";
import { useI18n } from "../i18n";
import { buttonClasses } from "../ui/button";

/**
 * "Journaliser un appel · Planifier un rendez-vous · Nouvelle tâche" from a company, a contact, a
 * deal or a ticket: each opens the activity form with the record already linked (a ticket brings
 * its company and requester, a deal its company and contact). Shown only to people who may
 * create sales records.
 */
export function LogActivityLinks({ companyId, contactId, dealId, ticketId, className }: { companyId?: string; contactId?: string; dealId?: string; ticketId?: string; className?: string }) {
  const { t } = useI18n();
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  if (!user || !can(user, "create:deal")) return null;
  const link = (kind: "call" | "appointment" | "task") => {
    const params = new URLSearchParams({ kind });
    if (companyId) params.set("companyId", companyId);
    if (contactId) params.set("contactId", contactId);
    if (dealId) params.set("dealId", dealId);
    if (ticketId) params.set("ticketId", ticketId);
    return `/ventes/activites/nouvelle?${params.toString()}`;
  };
  return (
    <nav aria-label={t("sales.logLinks.label")} className={className ?? "mb-4 flex flex-wrap items-center gap-2"}>
      <span className="text-sm font-medium text-slate-600">{t("sales.logLinks.label")}</span>
      <Link to={link("call")} className={buttonClasses("secondary", "sm")}>
        {t("sales.logLinks.call")}
      </Link>
      <Link to={link("appointment")} className={buttonClasses("secondary", "sm")}>
        {t("sales.logLinks.appointment")}
      </Link>
      <Link to={link("task")} className={buttonClasses("secondary", "sm")}>
        {t("sales.logLinks.task")}
      </Link>
    </nav>
  );
}
