import { defineMessages } from "../define";

/** Messages of the sales area: deals, pipeline, forecast, company lifecycle and the service panel. Keys are prefixed with "sales.". */
export const salesDealsMessages = defineMessages({
  fr: {
    "sales.deals.area": "Ventes",
    "sales.tabs.label": "Sections des ventes",
    "sales.tabs.pipeline": "Pipeline",
    "sales.tabs.deals": "Affaires",
    "sales.tabs.forecast": "Prévisions",
    "sales.tabs.agenda": "Agenda",
    "sales.tabs.quotes": "Devis",
    "sales.tabs.orders": "Commandes",
    "sales.tabs.contracts": "Contrats",
    "sales.tabs.products": "Produits",
    "sales.tabs.portfolio": "Portefeuille",
    "sales.admin.pipelineTab": "Pipeline",
    "sales.admin.documentsTab": "Devis et mentions",
  },
  en: {
    "sales.deals.area": "Sales",
    "sales.tabs.label": "Sales sections",
    "sales.tabs.pipeline": "Pipeline",
    "sales.tabs.deals": "Deals",
    "sales.tabs.forecast": "Forecast",
    "sales.tabs.agenda": "Agenda",
    "sales.tabs.quotes": "Quotes",
    "sales.tabs.orders": "Orders",
    "sales.tabs.contracts": "Contracts",
    "sales.tabs.products": "Products",
    "sales.tabs.portfolio": "Portfolio",
    "sales.admin.pipelineTab": "Pipeline",
    "sales.admin.documentsTab": "Quotes and legal mentions",
  },
});
