import { db } from "~/lib/db.server";
import { forEachRange, serviceFigure, type ServicePart, type ServicePartInput } from "./service-common.server";

/**
 * Deflected requests: customers who said a help centre article answered their question in the
 * request form or the portal, so no ticket was created (docs/knowledge-base.md). They belong to
 * no ticket, group or agent, so the figure is the whole workspace's and is shown only to viewers
 * whose service figures cover every ticket.
 */
export async function serviceDeflections({ ranges, scope }: ServicePartInput): Promise<ServicePart> {
  if (scope !== null) return { figures: [], charts: [], tables: [] };
  const counts = await forEachRange(ranges, (range) => db().knowledgeDeflection.count({ where: { createdAt: { gte: range.from, lt: range.to } } }));
  return {
    figures: [
      serviceFigure(
        "service.deflected",
        "helpCentre.dashboard.deflected",
        { format: "count", trend: "up", hint: "helpCentre.dashboard.deflectedHint" },
        { value: counts.current, previous: counts.previous, lastYear: counts.lastYear },
      ),
    ],
    charts: [],
    tables: [],
  };
}
