import type { DrillDown } from "./report-drill-down";
import { loyaltyDrillDowns } from "./sections/loyalty.server";
import { salesDrillDowns } from "./sections/sales.server";
import { serviceDrillDowns } from "./sections/service-drill-downs.server";

/** Every figure's list of records, by the figure's id (see report-drill-down.ts). */
export const reportDrillDowns: ReadonlyMap<string, DrillDown> = new Map<string, DrillDown>(
  [...serviceDrillDowns, ...salesDrillDowns, ...loyaltyDrillDowns].map((drillDown) => [drillDown.id, drillDown]),
);
