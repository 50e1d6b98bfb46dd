import { defineMessages } from "../define";

/** Messages of GDPR: access archives, erasure, retention. Keys are prefixed with "privacy.". */
export const privacyMessages = defineMessages({
  fr: {
    "privacy.title": "Données personnelles (RGPD)",
  },
  en: {
    "privacy.title": "Personal data (GDPR)",
  },
});
