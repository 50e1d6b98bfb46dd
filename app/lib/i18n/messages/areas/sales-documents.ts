import { defineMessages } from "../define";

/** Messages of the sales area: products, quotes, orders and maintenance contracts. Keys are prefixed with "sales.". */
export const salesDocumentsMessages = defineMessages({
  fr: {
    "sales.documents.area": "Ventes",
  },
  en: {
    "sales.documents.area": "Sales",
  },
});
