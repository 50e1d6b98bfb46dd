import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { areas, type AreaId } from "~/domain/identity/permissions";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { CsrfField } from "../csrf-field";
import { NotificationBell } from "../realtime/notification-bell";
import { ShellSearchBox, useSearchShortcut } from "../search/search-box";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";
import { LocaleSwitch } from "./locale-switch";

const areaLabels: Record<AreaId, MessageKey> = {
  support: "nav.support",
  clients: "nav.clients",
  sales: "nav.sales",
  marketing: "nav.marketing",
  knowledge: "nav.knowledge",
  dashboard: "nav.dashboard",
  admin: "nav.admin",
};

const areaIcons: Record<AreaId, string> = {
  support: "M4 5h16v10H7l-3 3V5z",
  clients: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0",
  sales: "M4 19V9m5 10V5m5 14v-7m5 7V8",
  marketing: "M4 10v4h3l6 4V6L7 10H4zm13-1a4 4 0 0 1 0 6",
  knowledge: "M5 4h9a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3V4zm0 13a3 3 0 0 1 3-3h9",
  dashboard: "M4 4h7v7H4zM13 4h7v4h-7zM13 10h7v10h-7zM4 13h7v7H4z",
  admin: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm8-3-2-1 .5-2.5-2-1.5L14 6l-2-2-2 2-2.5-.5-2 1.5L6 9l-2 1v2l2 1-.5 2.5 2 1.5L10 18l2 2 2-2 2.5.5 2-1.5L18 15l2-1z",
};

type ShellUser = { name: string; role: string; areas: string[] };

function AreaNav({ user, onNavigate }: { user: ShellUser; onNavigate?: () => void }) {
  const { t } = useI18n();
  return (
    <ul className="space-y-1">
      {areas
        .filter((area) => user.areas.includes(area.id))
        .map((area) => (
          <li key={area.id}>
            <NavLink
              to={area.path}
              onClick={onNavigate}
              data-area={area.id}
              className={({ isActive }) =>
                cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
                  isActive ? "bg-white/15 text-white" : "text-slate-300 hover:bg-white/10 hover:text-white",
                )
              }
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 flex-none" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinejoin="round" strokeLinecap="round">
                <path d={areaIcons[area.id]} />
              </svg>
              {t(areaLabels[area.id])}
            </NavLink>
          </li>
        ))}
    </ul>
  );
}

function UserBlock({ user }: { user: ShellUser }) {
  const { t } = useI18n();
  return (
    <div className="space-y-3 border-t border-white/10 pt-4">
      <NavLink to="/compte" className="block rounded-md px-3 py-2 hover:bg-white/10">
        <span className="block truncate text-sm font-medium text-white">{user.name}</span>
        <span className="block text-xs text-slate-400">{t(`roles.${user.role}` as MessageKey)}</span>
      </NavLink>
      <div className="flex items-center justify-between px-3">
        <LocaleSwitch tone="dark" />
        <Form method="post" action="/deconnexion">
          <CsrfField />
          <button type="submit" className="whitespace-nowrap rounded px-2 py-1 text-sm text-slate-300 hover:bg-white/10 hover:text-white">
            {t("nav.signOut")}
          </button>
        </Form>
      </div>
    </div>
  );
}

/**
 * The staff shell: a sidebar with the areas the user may open. Below the large breakpoint
 * (tablets) the sidebar folds into a disclosure menu at the top.
 */
export function AppShell({ user, unreadNotifications = 0, children }: { user: ShellUser; unreadNotifications?: number; children: ReactNode }) {
  const { t } = useI18n();
  useSearchShortcut();
  return (
    <div className="min-h-full lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("app.skipToContent")}
      </a>
      <aside className="hidden w-60 flex-none flex-col justify-between bg-slate-900 px-3 py-5 lg:flex lg:min-h-screen" aria-label={t("nav.mainMenu")}>
        <div>
          <div className="mb-4 flex items-center justify-between pl-3">
            <p className="text-xl font-bold tracking-tight text-white">{t("app.name")}</p>
            <NotificationBell initialUnread={unreadNotifications} />
          </div>
          <ShellSearchBox className="mb-5" />
          <nav aria-label={t("nav.mainMenu")}>
            <AreaNav user={user} />
          </nav>
        </div>
        <UserBlock user={user} />
      </aside>
      <details className="group bg-slate-900 px-4 py-3 lg:hidden">
        <summary className="flex cursor-pointer list-none items-center justify-between text-white">
          <span className="text-lg font-bold">{t("app.name")}</span>
          <span className="rounded px-2 py-1 text-sm ring-1 ring-white/30">{t("nav.openMenu")}</span>
        </summary>
        <nav className="mt-4 space-y-4" aria-label={t("nav.mainMenu")}>
          <AreaNav user={user} />
          <UserBlock user={user} />
        </nav>
      </details>
      <div className="flex items-center gap-2 bg-slate-900 px-4 pb-3 lg:hidden">
        <ShellSearchBox className="min-w-0 flex-1" />
        <NotificationBell initialUnread={unreadNotifications} align="right" />
      </div>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8">
        {children}
      </main>
    </div>
  );
}
