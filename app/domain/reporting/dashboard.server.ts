import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { periodFromParams, previousPeriod, samePeriodLastYear, type ReportPeriod } from "./report-period";
import type { ReportContext, ReportViewer, SectionData } from "./report-section";
import { reportSections } from "./report-sections.server";

/** The comparison periods of a period, for one viewer, now. */
export function reportContext(viewer: ReportViewer, period: ReportPeriod, now = new Date()): ReportContext {
  return { viewer, period, previous: previousPeriod(period), lastYear: samePeriodLastYear(period), timeZone: WORKSPACE_TIME_ZONE, now };
}

/** The period asked for in the address (this month by default) with its comparisons. */
export function reportContextFromParams(viewer: ReportViewer, search: URLSearchParams, now = new Date()): ReportContext {
  return reportContext(viewer, periodFromParams(search, now, WORKSPACE_TIME_ZONE), now);
}

/** The sections this viewer may see that have data, computed side by side. */
export async function loadDashboard(context: ReportContext): Promise<SectionData[]> {
  const shown = reportSections.filter((section) => section.shownTo(context.viewer));
  const loaded = await Promise.all(shown.map((section) => section.load(context)));
  return loaded.filter((section): section is SectionData => section !== null);
}
