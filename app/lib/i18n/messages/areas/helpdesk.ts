import { defineMessages } from "../define";

/** Messages of the helpdesk area (queues, ticket page, composer). Keys are prefixed with "helpdesk.". */
export const helpdeskMessages = defineMessages({
  fr: {
    "helpdesk.conflict": "Quelqu'un a modifié ce ticket pendant que vous travailliez. Rien n'a été enregistré : vérifiez ses changements puis recommencez.",
    "helpdesk.ticketClosed": "Ce ticket est clos : une nouvelle demande sera ouverte.",
  },
  en: {
    "helpdesk.conflict": "Someone changed this ticket while you were working. Nothing was saved: review their changes, then try again.",
    "helpdesk.ticketClosed": "This ticket is closed: a new request will be opened.",
  },
});
