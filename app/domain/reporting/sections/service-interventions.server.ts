import { interventionsDone } from "~/lib/sqlite-service-report.server";
import { forEachRange, type ServicePart, type ServicePartInput, serviceFigure } from "./service-common.server";

/**
 * Interventions done (status "done") whose end falls in the period, on the viewer's tickets (not
 * merged): how many, their total and average duration (planned start to end, wall-clock minutes).
 */
export async function serviceInterventions({ ranges, scope }: ServicePartInput): Promise<ServicePart> {
  const done = await forEachRange(ranges, (range) => interventionsDone(range, scope));
  const of = (pick: (value: typeof done.current) => number | null) => ({ value: pick(done.current), previous: pick(done.previous), lastYear: pick(done.lastYear) });
  return {
    figures: [
      serviceFigure("service.interventions", "reporting.service.interventions", { format: "count", trend: "neutral", drillDown: true, hint: "reporting.service.interventions.hint" }, of((value) => value.count)),
      serviceFigure("service.intervention-minutes", "reporting.service.interventionMinutes", { format: "minutes", trend: "neutral" }, of((value) => (value.count > 0 ? value.minutes : null))),
      serviceFigure("service.intervention-average", "reporting.service.interventionAverage", { format: "minutes", trend: "neutral" }, of((value) => (value.count > 0 ? Math.round(value.minutes / value.count) : null))),
    ],
    charts: [],
    tables: [],
  };
}
