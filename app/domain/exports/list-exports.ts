import type { PermissionRequest } from "~/domain/identity/permissions";
import { csvFileName } from "~/lib/csv";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

/**
 * The lists that export as CSV, and the right each needs. `export:<entity>` is narrower than
 * reading the list: the data leaves the application. The record rules of the screen apply on top
 * (a technician restricted to groups exports their groups' tickets, a sales rep their own deals).
 */
export const exportLists = ["companies", "contacts", "tickets", "deals", "quotes", "orders", "contracts", "products", "campaigns", "campaign-recipients"] as const;
export type ExportList = (typeof exportLists)[number];

export const exportPermissions: Record<ExportList, PermissionRequest> = {
  companies: "export:customer",
  contacts: "export:customer",
  tickets: "export:ticket",
  deals: "export:deal",
  quotes: "export:deal",
  orders: "export:deal",
  contracts: "export:deal",
  products: "export:deal",
  campaigns: "export:campaign",
  // Recipients' addresses in bulk: those who run campaigns (marketing, managers), not sales who read the results.
  "campaign-recipients": "update:campaign",
};

/** Rows fetched per page while streaming an export. */
export const EXPORT_PAGE_SIZE = 500;

/** The filters of an export as the audit log keeps them: names and values, never the data. */
export type ExportFilters = Record<string, string | number | boolean | null>;

/** Drops empty filters so the audit shows what narrowed the list. */
export function activeFilters(filters: Record<string, string | number | boolean | null | undefined>): ExportFilters {
  const kept: ExportFilters = {};
  for (const [name, value] of Object.entries(filters)) if (value !== undefined && value !== "" && value !== null) kept[name] = value;
  return kept;
}

const fileNames: Record<ExportList, string> = {
  companies: "societes",
  contacts: "contacts",
  tickets: "tickets",
  deals: "affaires",
  quotes: "devis",
  orders: "commandes",
  contracts: "contrats",
  products: "produits",
  campaigns: "campagnes",
  "campaign-recipients": "destinataires",
};

const workspaceDay = new Intl.DateTimeFormat("en-CA", { timeZone: WORKSPACE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** "contacts-2026-12-07.csv", or with a qualifier: "destinataires-Soldes-d-hiver-2026-12-07.csv". */
export function exportFileName(list: ExportList, qualifier = "", now = new Date()): string {
  return csvFileName([fileNames[list], qualifier, workspaceDay.format(now)].filter(Boolean).join("-"));
}
