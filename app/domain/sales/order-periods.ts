import { addDays, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { workspaceDay } from "./document-dates";

/** The periods of the orders list (pure: the page shows them as filters). */

/** A period of order dates: from the start of `from`'s day to the end of `to`'s day (workspace days). */
export type OrderPeriod = { from: LocalDate | null; to: LocalDate | null };

export const orderPeriodPresets = ["this_month", "last_month", "this_quarter", "this_year", "all"] as const;
export type OrderPeriodPreset = (typeof orderPeriodPresets)[number];

/** The days a preset covers, on the workspace's calendar. */
export function presetPeriod(preset: OrderPeriodPreset, now: Date): OrderPeriod {
  const today = workspaceDay(now);
  const lastDayOf = (year: number, month: number) => addDays({ year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1, day: 1 }, -1);
  switch (preset) {
    case "this_month":
      return { from: { ...today, day: 1 }, to: lastDayOf(today.year, today.month) };
    case "last_month": {
      const month = today.month === 1 ? 12 : today.month - 1;
      const year = today.month === 1 ? today.year - 1 : today.year;
      return { from: { year, month, day: 1 }, to: lastDayOf(year, month) };
    }
    case "this_quarter": {
      const first = Math.floor((today.month - 1) / 3) * 3 + 1;
      return { from: { year: today.year, month: first, day: 1 }, to: lastDayOf(today.year, first + 2) };
    }
    case "this_year":
      return { from: { year: today.year, month: 1, day: 1 }, to: { year: today.year, month: 12, day: 31 } };
    case "all":
      return { from: null, to: null };
  }
}


/** The URL parameter of each period preset of /ventes/commandes. */
export const orderPresetParams: Record<OrderPeriodPreset, string> = { this_month: "mois", last_month: "mois-dernier", this_quarter: "trimestre", this_year: "annee", all: "tout" };
