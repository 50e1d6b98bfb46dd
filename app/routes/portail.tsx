import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useRouteLoaderData } from "@remix-run/react";
import { PortalErrorPage, PortalShell } from "~/components/portal/portal-shell";
import { contactDisplayName } from "~/domain/customers/contacts.server";
import { getCurrentCustomer } from "~/lib/portal/portal-auth.server";

/** The customer portal's layout: who is signed in (if anyone), for the header. Pages authorise themselves. */
export async function loader({ request }: LoaderFunctionArgs) {
  const customer = await getCurrentCustomer(request);
  return {
    customer: customer ? { name: contactDisplayName(customer, customer.email), companyName: customer.companyName } : null,
  };
}

function Shell({ children }: { children: React.ReactNode }) {
  const layout = useRouteLoaderData<typeof loader>("routes/portail");
  return <PortalShell customer={layout?.customer ?? null}>{children}</PortalShell>;
}

export default function PortalLayout() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <PortalErrorPage />
    </Shell>
  );
}
