import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CLOSE_PERIODS, closePeriodParam, type DealFilters } from "~/domain/sales/deal-filters";
import { PROSPECT_SOURCES } from "~/domain/sales/lifecycle";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { SelectField } from "../ui/field";

/**
 * The pipeline's and deals list's filters (owner, expected close period, source) as a GET form:
 * they live in the URL, so a filtered board can be bookmarked and shared. Reps see their own
 * deals only, so the owner field is a manager's.
 */
export function DealFiltersForm({
  filters,
  owners,
  mayChooseOwner,
  resetTo,
  children,
}: {
  filters: DealFilters;
  owners: Array<{ id: string; name: string }>;
  mayChooseOwner: boolean;
  resetTo: string;
  /** More fields of the list view (status, sort kept as hidden inputs). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const filtered = Boolean((mayChooseOwner && filters.ownerId) || filters.closePeriod || filters.source);
  return (
    <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label={t("sales.filters.label")}>
      {mayChooseOwner ? (
        <SelectField
          label={t("sales.filters.owner")}
          name="commercial"
          defaultValue={filters.ownerId ?? ""}
          className="w-52"
          options={[{ value: "", label: t("sales.filters.allOwners") }, ...owners.map((owner) => ({ value: owner.id, label: owner.name }))]}
        />
      ) : null}
      <SelectField
        label={t("sales.filters.closePeriod")}
        name="cloture"
        defaultValue={filters.closePeriod ? closePeriodParam(filters.closePeriod) : ""}
        className="w-52"
        options={[{ value: "", label: t("sales.filters.anyPeriod") }, ...CLOSE_PERIODS.map((period) => ({ value: closePeriodParam(period), label: t(`sales.closePeriod.${period}`) }))]}
      />
      <SelectField
        label={t("sales.filters.source")}
        name="source"
        defaultValue={filters.source ?? ""}
        className="w-48"
        options={[{ value: "", label: t("sales.filters.anySource") }, ...PROSPECT_SOURCES.map((source) => ({ value: source, label: t(`sales.source.${source}`) }))]}
      />
      {children}
      <Button type="submit" variant="secondary">
        {t("common.filter")}
      </Button>
      {filtered ? (
        <Link to={resetTo} className="py-2 text-sm text-brand-700 hover:underline">
          {t("sales.filters.reset")}
        </Link>
      ) : null}
    </Form>
  );
}
