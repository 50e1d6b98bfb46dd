import type { ReportSection } from "../report-section";
import { serviceRanges, type ServicePart } from "./service-common.server";
import { serviceDeflections } from "./service-deflections.server";
import { serviceDurations } from "./service-durations.server";
import { serviceFlow } from "./service-flow.server";
import { serviceInterventions } from "./service-interventions.server";
import { serviceSatisfaction } from "./service-satisfaction.server";
import { scopeSql, seesServiceFigures, serviceScopeFor, serviceTicketsWhere } from "./service-scope.server";
import { bringServiceTalliesUpToDate } from "../service-tallies.server";
import { readsTallies } from "./service-tallied.server";
import { serviceSla } from "./service-sla.server";
import { serviceWaiting } from "./service-waiting.server";

/**
 * The service section: customers waiting now, the flow of tickets, response and resolution times,
 * SLA compliance, satisfaction and interventions, over the viewer's tickets (service-scope.server.ts).
 * Each part is its own module; they run one after the other (SQLite has one connection).
 */
export const serviceSection: ReportSection = {
  id: "service",
  shownTo: seesServiceFigures,
  async load(context) {
    const scope = await serviceScopeFor(context.viewer);
    if (scope.kind === "none") return null;
    const input = { context, ranges: serviceRanges(context), scope: scopeSql(scope), ticketsWhere: await serviceTicketsWhere(context.viewer, scope) };
    // The tallies count tickets changed since the last report first (one index probe when none).
    if (readsTallies(input)) await bringServiceTalliesUpToDate();
    const parts: ServicePart[] = [];
    for (const part of [serviceWaiting, serviceFlow, serviceDurations, serviceSla, serviceSatisfaction, serviceInterventions, serviceDeflections]) parts.push(await part(input));
    return {
      id: "service",
      title: "reporting.service.title",
      figures: parts.flatMap((part) => part.figures),
      charts: parts.flatMap((part) => part.charts),
      tables: parts.flatMap((part) => part.tables),
    };
  },
};
