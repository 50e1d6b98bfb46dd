import { isLifecycleStage } from "~/domain/sales/lifecycle";
import type { CompanyFilters } from "./company-queries.server";
import type { ContactFilters } from "./contact-queries.server";
import { companySectors } from "./customer-vocabulary";

/**
 * The filters of the Clients lists as their URLs carry them, read once for the page and for its
 * CSV export, so the export is exactly the list on screen.
 */

export type ContactListSearch = { query: string; companyName: string; consent: "oui" | "non" | ""; companyId: string };

/** `?q=&societe=&consentement=oui|non&societeId=` of /clients/contacts. */
export function contactListSearch(params: URLSearchParams): ContactListSearch {
  const consent = params.get("consentement");
  return {
    query: (params.get("q") ?? "").trim().slice(0, 100),
    companyName: (params.get("societe") ?? "").trim().slice(0, 100),
    consent: consent === "oui" || consent === "non" ? consent : "",
    // From a company page: that company's people exactly (checked against the database by the caller).
    companyId: (params.get("societeId") ?? "").slice(0, 40),
  };
}

/** The query filters of a contacts search, once its company id was found to exist (or not). */
export function contactFiltersOf(search: ContactListSearch, companyId: string | undefined): ContactFilters {
  return { query: search.query, companyName: search.companyName, consent: search.consent === "oui" ? "yes" : search.consent === "non" ? "no" : undefined, companyId };
}

export type CompanyListSearch = { query: string; sector: string; owner: string; city: string; lifecycle: string };

/** `?q=&secteur=&commercial=<id>|aucun&ville=&cycle=` of /clients; owners and cities are the choices the page offers. */
export function companyListSearch(params: URLSearchParams, choices: { owners: ReadonlyArray<{ id: string }>; cities: readonly string[] }): CompanyListSearch {
  const sector = params.get("secteur") ?? "";
  const owner = params.get("commercial") ?? "";
  const city = params.get("ville") ?? "";
  const lifecycle = params.get("cycle") ?? "";
  return {
    query: (params.get("q") ?? "").trim().slice(0, 100),
    sector: (companySectors as readonly string[]).includes(sector) ? sector : "",
    owner: owner === "aucun" || choices.owners.some((candidate) => candidate.id === owner) ? owner : "",
    city: choices.cities.includes(city) ? city : "",
    lifecycle: isLifecycleStage(lifecycle) ? lifecycle : "",
  };
}

export function companyFiltersOf(search: CompanyListSearch): CompanyFilters {
  return { query: search.query, sector: search.sector, city: search.city, lifecycleStage: search.lifecycle, ownerId: search.owner === "aucun" ? null : search.owner || undefined };
}
