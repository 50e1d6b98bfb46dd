import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { PageHeader } from "~/components/ui/layout";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  return null;
}

const tabs = [
  { to: "/admin/utilisateurs", label: "admin.users" },
  { to: "/admin/groupes", label: "admin.groups" },
  { to: "/admin/formulaire", label: "portal.admin.tab" },
  { to: "/admin/sla", label: "planning.sla.tab" },
  { to: "/admin/reponses-types", label: "helpdesk.canned.title" },
  { to: "/admin/pipeline", label: "sales.admin.pipelineTab" },
  { to: "/admin/devis", label: "sales.admin.documentsTab" },
  { to: "/admin/boites-mail", label: "email.admin.tabMailboxes" },
  { to: "/admin/courriers-entrants", label: "email.admin.tabInbound" },
  { to: "/admin/boite-d-envoi", label: "email.admin.tabOutbox" },
  { to: "/admin/jetons", label: "api.tokens.adminTab" },
  { to: "/admin/automatisations", label: "automations.title" },
  { to: "/admin/webhooks", label: "webhooks.tab" },
  { to: "/admin/ecrans", label: "wallBoard.admin.tab" },
  { to: "/admin/rgpd", label: "privacy.retention.tab" },
  { to: "/admin/journal", label: "admin.audit" },
] as const;

export default function AdminLayout() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("admin.title")} />
      <nav className="mb-6 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200" aria-label={t("admin.title")}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            className={({ isActive }) =>
              cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
                isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )
            }
          >
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
