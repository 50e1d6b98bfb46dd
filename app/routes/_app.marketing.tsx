import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AreaTabs, type AreaTab } from "~/components/ui/area-tabs";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:campaign");
  // Segments are marketing's and managers' tool; sales read campaign results only.
  return { segments: can(user, "update:campaign") };
}

/** The Marketing area: its sections as tabs above each page. */
export default function MarketingLayout() {
  const { segments } = useLoaderData<typeof loader>();
  const tabs: AreaTab[] = [
    { to: "/marketing", label: "segment.tabs.overview", end: true },
    ...(segments ? [{ to: "/marketing/segments", label: "segment.tabs.segments" as const }] : []),
    { to: "/marketing/campagnes", label: "segment.tabs.campaigns" },
    { to: "/marketing/calendrier", label: "segment.tabs.calendar" },
  ];
  return (
    <>
      <AreaTabs tabs={tabs} label="segment.tabs.label" />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
