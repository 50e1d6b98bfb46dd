import { defineMessages } from "../define";

/** Messages of the public help centre (/aide) and of deflection in the request form and the portal. Keys are prefixed with "helpCentre.". */
export const helpCentreMessages = defineMessages({
  fr: {
    "helpCentre.title": "Centre d'aide",
  },
  en: {
    "helpCentre.title": "Help centre",
  },
});
