import { defineMessages } from "../define";

/** Messages of campaign tracking (unsubscribe page), bounces and replies, and the results page. Keys are prefixed with "campaignResults." and "unsubscribe.". */
export const marketingResultsMessages = defineMessages({
  fr: {
    "campaignResults.title": "Résultats",
  },
  en: {
    "campaignResults.title": "Results",
  },
});
