import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:campaign");
  // Segments are marketing's and managers' tool; sales read campaign results only.
  return { segments: can(user, "update:campaign") };
}

/** The Marketing area: its sections as tabs above each page. */
export default function MarketingLayout() {
  const { t } = useI18n();
  const { segments } = useLoaderData<typeof loader>();
  const tabs: Array<{ to: string; label: MessageKey; end?: boolean }> = [
    { to: "/marketing", label: "segment.tabs.overview", end: true },
    ...(segments ? [{ to: "/marketing/segments", label: "segment.tabs.segments" as const }] : []),
    { to: "/marketing/campagnes", label: "segment.tabs.campaigns" },
    { to: "/marketing/calendrier", label: "segment.tabs.calendar" },
  ];
  return (
    <>
      <nav className="mb-6 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200" aria-label={t("segment.tabs.label")}>
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
