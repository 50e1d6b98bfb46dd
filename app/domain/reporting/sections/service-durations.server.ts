import { durationPercentiles } from "~/lib/sqlite-service-report.server";
import { bringServiceTimesUpToDate } from "../service-times.server";
import { readsTallies, talliedPercentiles } from "./service-tallied.server";
import { forEachRange, type ServicePart, type ServicePartInput, serviceFigure } from "./service-common.server";

/**
 * First response time and resolution time, in business minutes of the SLA's calendar (median
 * and 90th percentile, nearest rank): over the tickets first answered, respectively solved, in
 * the period. The minutes are stored per ticket (service-times.server.ts); stale ones are computed
 * first, so the figures are exact.
 */
export async function serviceDurations({ context, ranges, scope }: ServicePartInput): Promise<ServicePart> {
  await bringServiceTimesUpToDate();
  const percentiles = async (duration: "firstResponse" | "resolution") =>
    readsTallies({ scope, context })
      ? { current: await talliedPercentiles(duration, context.period, [50, 90]), previous: await talliedPercentiles(duration, context.previous, [50, 90]), lastYear: await talliedPercentiles(duration, context.lastYear, [50, 90]) }
      : await forEachRange(ranges, (range) => durationPercentiles(duration, range, scope, [50, 90]));
  const firstResponse = await percentiles("firstResponse");
  const resolution = await percentiles("resolution");
  const pick = (of: typeof firstResponse, index: number) => ({ value: of.current.values[index], previous: of.previous.values[index], lastYear: of.lastYear.values[index] });
  return {
    figures: [
      serviceFigure("service.first-response-median", "reporting.service.firstResponseMedian", { format: "minutes", trend: "down", hint: "reporting.service.firstResponse.hint" }, pick(firstResponse, 0)),
      serviceFigure("service.first-response-p90", "reporting.service.firstResponseP90", { format: "minutes", trend: "down", hint: "reporting.service.firstResponse.hint" }, pick(firstResponse, 1)),
      serviceFigure("service.resolution-median", "reporting.service.resolutionMedian", { format: "minutes", trend: "down", hint: "reporting.service.resolution.hint" }, pick(resolution, 0)),
      serviceFigure("service.resolution-p90", "reporting.service.resolutionP90", { format: "minutes", trend: "down", hint: "reporting.service.resolution.hint" }, pick(resolution, 1)),
    ],
    charts: [],
    tables: [],
  };
}
