import { defineMessages } from "../define";

/** Messages of GDPR: access archives, erasure, retention. Keys are prefixed with "privacy.". */
export const privacyMessages = defineMessages({
  fr: {
    "privacy.title": "Données personnelles (RGPD)",
    "privacy.erasure.notFound": "Ce contact n'existe pas.",
  },
  en: {
    "privacy.title": "Personal data (GDPR)",
    "privacy.erasure.notFound": "This contact does not exist.",
  },
});
