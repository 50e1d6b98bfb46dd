import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export async function loader({ request }: LoaderFunctionArgs) {
  // Support reads deals and contracts (links from the customer timeline); the tabs are the sales team's.
  const user = await requireUser(request, "read:deal");
  return { showTabs: can(user, "update:deal") };
}

const tabs: Array<{ to: string; label: MessageKey; end?: boolean }> = [
  { to: "/ventes", label: "sales.tabs.pipeline", end: true },
  { to: "/ventes/affaires", label: "sales.tabs.deals" },
  { to: "/ventes/previsions", label: "sales.tabs.forecast" },
  { to: "/ventes/agenda", label: "sales.tabs.agenda" },
  { to: "/ventes/devis", label: "sales.tabs.quotes" },
  { to: "/ventes/commandes", label: "sales.tabs.orders" },
  { to: "/ventes/contrats", label: "sales.tabs.contracts" },
  { to: "/ventes/produits", label: "sales.tabs.products" },
  { to: "/ventes/portefeuille", label: "sales.tabs.portfolio" },
];

/** The Ventes area: its sections as tabs above each page. */
export default function SalesLayout() {
  const { t } = useI18n();
  const { showTabs } = useLoaderData<typeof loader>();
  if (!showTabs) return <Outlet />;
  return (
    <>
      <nav className="mb-6 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200" aria-label={t("sales.tabs.label")}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) =>
              cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600",
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
