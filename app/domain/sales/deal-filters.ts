import { addDays, fromZoned, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { addMonths, monthOf, monthStart, quarterStartMonth } from "./calendar-months";
import { PROSPECT_SOURCES, type ProspectSource } from "./lifecycle";

/**
 * The filters of the pipeline (kanban) and the deals list, as they travel in the URL
 * (`?commercial=…&cloture=…&source=…`), and what they mean as date ranges. Pure: the routes read
 * and write them, the queries turn them into a where clause.
 */

export const CLOSE_PERIODS = ["this_month", "next_month", "this_quarter", "next_quarter", "this_year", "overdue", "undated"] as const;
export type ClosePeriod = (typeof CLOSE_PERIODS)[number];

/** How each period is spelled in the URL. */
const closePeriodParams: Record<ClosePeriod, string> = {
  this_month: "mois",
  next_month: "mois-prochain",
  this_quarter: "trimestre",
  next_quarter: "trimestre-prochain",
  this_year: "annee",
  overdue: "en-retard",
  undated: "sans-date",
};

export const DEAL_STATUSES = ["open", "won", "lost"] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];
const statusParams: Record<DealStatus, string> = { open: "ouvertes", won: "gagnees", lost: "perdues" };

export const DEAL_SORTS = ["title", "company", "owner", "stage", "amount", "expectedClose", "updated"] as const;
export type DealSort = (typeof DEAL_SORTS)[number];
const sortParams: Record<DealSort, string> = {
  title: "titre",
  company: "societe",
  owner: "commercial",
  stage: "etape",
  amount: "montant",
  expectedClose: "cloture",
  updated: "maj",
};

/**
 * `ownerId` null means every owner the viewer may see (managers' "all"); a rep's filter always
 * holds their own id, whatever the URL says.
 */
export type DealFilters = { ownerId: string | null; closePeriod: ClosePeriod | null; source: ProspectSource | null };

export type DealListQuery = DealFilters & { status: DealStatus | null; stageId: string | null; companyId: string | null; sort: DealSort; direction: "asc" | "desc"; page: number };

const reverse = <Key extends string>(record: Record<Key, string>) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [value, key])) as Record<string, Key>;
const closePeriodByParam = reverse(closePeriodParams);
const statusByParam = reverse(statusParams);
const sortByParam = reverse(sortParams);

/**
 * The filters in a URL. `viewer.mayChooseOwner` is false for reps: their own deals only. A
 * manager's default is everyone ("tous" or nothing); an owner id is kept only if listed in `owners`.
 */
export function dealFiltersFromParams(params: URLSearchParams, viewer: { id: string; mayChooseOwner: boolean; owners: ReadonlyArray<{ id: string }> }): DealFilters {
  const ownerParam = params.get("commercial") ?? "";
  const ownerId = !viewer.mayChooseOwner ? viewer.id : viewer.owners.some((owner) => owner.id === ownerParam) ? ownerParam : null;
  const closePeriod = closePeriodByParam[params.get("cloture") ?? ""] ?? null;
  const sourceParam = params.get("source") ?? "";
  const source = (PROSPECT_SOURCES as readonly string[]).includes(sourceParam) ? (sourceParam as ProspectSource) : null;
  return { ownerId, closePeriod, source };
}

export function dealListQueryFromParams(params: URLSearchParams, viewer: Parameters<typeof dealFiltersFromParams>[1]): DealListQuery {
  const sort = sortByParam[params.get("tri") ?? ""] ?? "updated";
  const directionParam = params.get("ordre");
  const direction = directionParam === "asc" || directionParam === "desc" ? directionParam : sort === "updated" || sort === "amount" ? "desc" : "asc";
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  const stageParam = (params.get("etape") ?? "").trim();
  const companyParam = (params.get("societe") ?? "").trim();
  return {
    ...dealFiltersFromParams(params, viewer),
    status: statusByParam[params.get("statut") ?? ""] ?? null,
    stageId: stageParam && stageParam.length <= 40 ? stageParam : null,
    companyId: companyParam && companyParam.length <= 40 ? companyParam : null,
    sort,
    direction,
    page,
  };
}

/** The filters as URL parameters (only those set), so links keep them. */
export function dealFiltersToParams(filters: DealFilters, viewer: { mayChooseOwner: boolean }): URLSearchParams {
  const params = new URLSearchParams();
  if (viewer.mayChooseOwner && filters.ownerId) params.set("commercial", filters.ownerId);
  if (filters.closePeriod) params.set("cloture", closePeriodParams[filters.closePeriod]);
  if (filters.source) params.set("source", filters.source);
  return params;
}

export function dealListQueryToParams(query: Partial<DealListQuery> & DealFilters, viewer: { mayChooseOwner: boolean }): URLSearchParams {
  const params = dealFiltersToParams(query, viewer);
  if (query.status) params.set("statut", statusParams[query.status]);
  if (query.stageId) params.set("etape", query.stageId);
  if (query.companyId) params.set("societe", query.companyId);
  if (query.sort) params.set("tri", sortParams[query.sort]);
  if (query.direction) params.set("ordre", query.direction);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  return params;
}

export function closePeriodParam(period: ClosePeriod): string {
  return closePeriodParams[period];
}

export function statusParam(status: DealStatus): string {
  return statusParams[status];
}

export function sortParam(sort: DealSort): string {
  return sortParams[sort];
}

/**
 * What a close period means for `expectedCloseDate`: a half-open range [from, to) of instants
 * (local months and quarters of the workspace), "before today" for overdue (open deals only:
 * the query adds that), or no date at all.
 */
export type CloseRange = { kind: "range"; from: Date | null; to: Date | null; openOnly: boolean } | { kind: "undated" };

export function closePeriodRange(period: ClosePeriod, now: Date, timeZone: string): CloseRange {
  const month = monthOf(now, timeZone);
  const quarter = quarterStartMonth(month);
  const range = (first: typeof month, months: number): CloseRange => ({
    kind: "range",
    from: monthStart(first, timeZone),
    to: monthStart(addMonths(first, months), timeZone),
    openOnly: false,
  });
  switch (period) {
    case "this_month":
      return range(month, 1);
    case "next_month":
      return range(addMonths(month, 1), 1);
    case "this_quarter":
      return range(quarter, 3);
    case "next_quarter":
      return range(addMonths(quarter, 3), 3);
    case "this_year":
      return range({ year: month.year, month: 1 }, 12);
    case "overdue": {
      const today = toZoned(now, timeZone).date;
      return { kind: "range", from: null, to: fromZoned(today, 0, timeZone), openOnly: true };
    }
    case "undated":
      return { kind: "undated" };
  }
}

/** Midnight (local) `days` days before today: where the kanban's won and lost columns start. */
export function closedColumnsSince(now: Date, days: number, timeZone: string): Date {
  return fromZoned(addDays(toZoned(now, timeZone).date, -days), 0, timeZone);
}
