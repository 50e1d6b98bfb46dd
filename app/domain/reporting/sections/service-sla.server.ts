import { slaTargetsDue } from "~/lib/sqlite-service-report.server";
import { readsTallies, talliedSlaTargetsDue } from "./service-tallied.server";
import { forEachRange, type ServicePart, type ServicePartInput, serviceFigure, share } from "./service-common.server";

/**
 * SLA compliance: among the targets (first response, resolution) DUE in the period, the share met
 * (answered / solved by the due date); missed ones are those answered / solved late, or past due
 * and still not answered / solved (a resolution clock paused while waiting on the customer is not
 * missed). Targets due later in a current period are not counted yet. "SLA breached" counts the
 * tickets with at least one target due in the period and missed.
 */
export async function serviceSla({ context, ranges, scope }: ServicePartInput): Promise<ServicePart> {
  const due = readsTallies({ scope, context })
    ? { current: await talliedSlaTargetsDue(context, context.period), previous: await talliedSlaTargetsDue(context, context.previous), lastYear: await talliedSlaTargetsDue(context, context.lastYear) }
    : await forEachRange(ranges, (range) => slaTargetsDue(range, context.now, scope));
  const compliance = (target: "firstResponse" | "resolution") => {
    const of = (period: keyof typeof due) => share(due[period][target].met, due[period][target].met + due[period][target].missed);
    return { value: of("current"), previous: of("previous"), lastYear: of("lastYear") };
  };
  return {
    figures: [
      serviceFigure("service.sla-first-response", "reporting.service.slaFirstResponse", { format: "ratio", trend: "up", hint: "reporting.service.sla.hint" }, compliance("firstResponse")),
      serviceFigure("service.sla-resolution", "reporting.service.slaResolution", { format: "ratio", trend: "up", hint: "reporting.service.sla.hint" }, compliance("resolution")),
      serviceFigure(
        "service.sla-breached",
        "reporting.service.slaBreached",
        { format: "count", trend: "down", drillDown: true, hint: "reporting.service.slaBreached.hint" },
        { value: due.current.ticketsMissed, previous: due.previous.ticketsMissed, lastYear: due.lastYear.ticketsMissed },
      ),
    ],
    charts: [],
    tables: [],
  };
}
