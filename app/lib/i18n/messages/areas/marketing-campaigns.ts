import { defineMessages } from "../define";

/** Messages of campaign writing, exclusions, sending and the campaign calendar. Keys are prefixed with "campaign.". */
export const marketingCampaignsMessages = defineMessages({
  fr: {
    "campaign.status.draft": "Brouillon",
    "campaign.status.scheduled": "Programmée",
    "campaign.status.sending": "En cours d'envoi",
    "campaign.status.paused": "En pause",
    "campaign.status.sent": "Envoyée",
    "campaign.status.cancelled": "Annulée",
  },
  en: {
    "campaign.status.draft": "Draft",
    "campaign.status.scheduled": "Scheduled",
    "campaign.status.sending": "Sending",
    "campaign.status.paused": "Paused",
    "campaign.status.sent": "Sent",
    "campaign.status.cancelled": "Cancelled",
  },
});
