import { defineMessages } from "../define";

/** Messages of the sales area: activities, agenda, visit reports and the iCalendar feed. Keys are prefixed with "sales.". */
export const salesAgendaMessages = defineMessages({
  fr: {
    "sales.agenda.area": "Ventes",
  },
  en: {
    "sales.agenda.area": "Sales",
  },
});
