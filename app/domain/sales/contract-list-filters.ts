import { contractStates } from "./contract-status";
import type { ContractListFilter } from "./contracts.server";

/** The contracts list's state filter and its address parameter (`?etat=`), shared by the page and its export. */
export const contractListFilters: ContractListFilter[] = ["all", ...contractStates];
export const contractFilterParams: Record<ContractListFilter, string> = { all: "tous", active: "actifs", to_renew: "a-renouveler", cancelled: "resilies" };

export function contractListFilterFrom(params: URLSearchParams): ContractListFilter {
  return contractListFilters.find((candidate) => contractFilterParams[candidate] === params.get("etat")) ?? "all";
}
