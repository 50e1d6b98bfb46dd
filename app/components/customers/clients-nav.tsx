import { Link, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "~/domain/identity/permissions";
import type { loader as rootLoader } from "~/root";
import { useI18n } from "../i18n";
import { AreaTabs, type AreaTab } from "../ui/area-tabs";

const tabs: AreaTab[] = [
  { to: "/clients", label: "customers.tabs.companies", end: true },
  { to: "/clients/contacts", label: "customers.tabs.contacts", end: true },
  { to: "/clients/doublons", label: "customers.tabs.duplicates", end: true },
];

const importsTab: AreaTab = { to: "/clients/imports", label: "customers.tabs.imports" };

/** The sections of the Clients area, under its title; Imports for those who may import. */
export function ClientsTabs() {
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  return <AreaTabs tabs={user && can(user, "create:import") ? [...tabs, importsTab] : tabs} label="customers.tabs.label" />;
}

/** "Clients › Sociétés › Menuiserie Aubert" above a record's page. */
export function Breadcrumb({ items }: { items: Array<{ label: string; to?: string }> }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("customers.breadcrumb")} className="mb-3 text-sm text-slate-600">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((item, index) => (
          <li key={`${item.label}-${index}`} className="flex items-center gap-1">
            {index > 0 ? <span aria-hidden="true">›</span> : null}
            {item.to ? (
              <Link to={item.to} className="hover:text-slate-900 hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="text-slate-900">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A label and its value in a record's details card. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-3">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}
