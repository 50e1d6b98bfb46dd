import { centsToGroupedInput } from "~/domain/sales/money";
import type { CampaignFormValues } from "./campaign-form";

/** A stored campaign as the editor's inputs hold it (the cost back in euros, the French way). */
export function campaignFormValues(campaign: {
  name: string;
  segmentIds: string[];
  fromName: string;
  fromAddress: string;
  replyTo: string;
  subject: string;
  preheader: string;
  language: string;
  mjml: string;
  text: string;
  textEdited: boolean;
  excludeOpenIncidents: boolean;
  ratePerMinute: number;
  costCents: number | null;
  attributionDays: number;
  version?: number;
}): CampaignFormValues {
  return {
    ...campaign,
    ratePerMinute: String(campaign.ratePerMinute),
    cost: campaign.costCents === null ? "" : centsToGroupedInput(campaign.costCents),
    attributionDays: String(campaign.attributionDays),
  };
}
