import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AreaTabs, type AreaTab } from "~/components/ui/area-tabs";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  // Support reads deals and contracts (links from the customer timeline); the tabs are the sales team's.
  const user = await requireUser(request, "read:deal");
  return { showTabs: can(user, "update:deal") };
}

const tabs: AreaTab[] = [
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
  const { showTabs } = useLoaderData<typeof loader>();
  if (!showTabs) return <Outlet />;
  return (
    <>
      <AreaTabs tabs={tabs} label="sales.tabs.label" />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
