import { centsToGroupedInput } from "~/domain/sales/money";
import type { CampaignFormValues } from "./campaign-form";

/** The stored fields: the editor's, with numbers and the cost in cents where the inputs hold text. */
type StoredCampaignFields = Omit<CampaignFormValues, "ratePerMinute" | "cost" | "attributionDays"> & {
  ratePerMinute: number;
  costCents: number | null;
  attributionDays: number;
};

/** A stored campaign as the editor's inputs hold it (the cost back in euros, the French way). */
export function campaignFormValues(campaign: StoredCampaignFields): CampaignFormValues {
  return {
    ...campaign,
    ratePerMinute: String(campaign.ratePerMinute),
    cost: campaign.costCents === null ? "" : centsToGroupedInput(campaign.costCents),
    attributionDays: String(campaign.attributionDays),
  };
}
