import { defineMessages } from "../define";

/** Messages of the sales area: deals, pipeline, forecast, company lifecycle and the service panel. Keys are prefixed with "sales.". */
export const salesDealsMessages = defineMessages({
  fr: {
    "sales.deals.area": "Ventes",
  },
  en: {
    "sales.deals.area": "Sales",
  },
});
