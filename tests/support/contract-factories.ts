import type { ContractInput } from "~/domain/sales/contract-schemas";
import { workspaceDayAfter } from "~/domain/sales/document-dates";

/** A workspace day `offset` days from today. */
export const dayFromToday = (offset: number) => workspaceDayAfter(new Date(), offset);

/** A maintenance contract's form input: a year running from a month ago, explicit renewal, 3,900 € a year. */
export function contractInput(overrides: Partial<ContractInput> = {}): ContractInput {
  return {
    companyId: null,
    title: "Maintenance Premium",
    ownerId: null,
    startDate: dayFromToday(-30),
    endDate: dayFromToday(335),
    yearlyAmountCents: 390_000,
    renewal: "explicit",
    reminderDays: 60,
    notes: "",
    version: undefined,
    sla: {},
    ...overrides,
  };
}
