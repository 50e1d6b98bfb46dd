import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AppShell } from "~/components/shell/app-shell";
import { requireUser } from "~/lib/auth.server";
import type { loader as rootLoader } from "~/root";

/** Every staff page sits in the shell, behind sign-in. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

function Shell({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  if (!root?.user) return <main className="px-4">{children}</main>;
  return <AppShell user={root.user}>{children}</AppShell>;
}

export default function StaffLayout() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <ErrorPage />
    </Shell>
  );
}
