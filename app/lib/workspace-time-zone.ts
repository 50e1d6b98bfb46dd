/**
 * The workspace's time zone: business hours and SLA clocks, agendas, the days shown on lists and
 * documents. Dates are stored as UTC instants; this is where a local day or hour is meant.
 * One constant, read everywhere, so a workspace setting can replace it in one place.
 */
export const WORKSPACE_TIME_ZONE = "Europe/Paris";
