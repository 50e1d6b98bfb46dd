import { NavLink } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";
import { cn } from "./cn";

export type AreaTab = { to: string; label: MessageKey; end?: boolean };

/** An area's sections as tabs under its title (Clients, Ventes, Marketing); the current one underlined. */
export function AreaTabs({ tabs, label }: { tabs: readonly AreaTab[]; label: MessageKey }) {
  const { t } = useI18n();
  return (
    <nav className="mb-6 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200" aria-label={t(label)}>
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          className={({ isActive }) =>
            cn(
              "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600",
              isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )
          }
        >
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  );
}
