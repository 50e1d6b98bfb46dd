import type { DrillDown } from "./report-drill-down";
import { serviceDrillDowns } from "./sections/service-drill-downs.server";

/** Every figure's list of records, by the figure's id (see report-drill-down.ts). */
export const reportDrillDowns: ReadonlyMap<string, DrillDown> = new Map<string, DrillDown>([...serviceDrillDowns].map((drillDown) => [drillDown.id, drillDown]));
