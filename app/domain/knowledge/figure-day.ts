import { isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

/** The day (YYYY-MM-DD) an instant falls on in the workspace's time zone: the key of an article's daily figures. */
export function knowledgeFigureDay(at: Date, timeZone = WORKSPACE_TIME_ZONE): string {
  return isoDate(toZoned(at, timeZone).date);
}
