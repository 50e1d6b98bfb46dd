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
  let firstResponse, resolution;
  if (readsTallies({ scope, context })) {
    // Both times of a period from its tallies (one statement for the buckets, one for the minutes).
    const [current, previous, lastYear] = [await talliedPercentiles(context, context.period, [50, 90]), await talliedPercentiles(context, context.previous, [50, 90]), await talliedPercentiles(context, context.lastYear, [50, 90])];
    firstResponse = { current: current.firstResponse, previous: previous.firstResponse, lastYear: lastYear.firstResponse };
    resolution = { current: current.resolution, previous: previous.resolution, lastYear: lastYear.resolution };
  } else {
    firstResponse = await forEachRange(ranges, (range) => durationPercentiles("firstResponse", range, scope, [50, 90]));
    resolution = await forEachRange(ranges, (range) => durationPercentiles("resolution", range, scope, [50, 90]));
  }
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
