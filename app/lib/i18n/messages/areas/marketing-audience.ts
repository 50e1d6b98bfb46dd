import { defineMessages } from "../define";

/** Messages of marketing consent and segments (builder, conditions, "why"). Keys are prefixed with "consent." and "segment.". */
export const marketingAudienceMessages = defineMessages({
  fr: {
    "segment.condition.contactLanguage": "Langue du contact : {language}",
    "segment.condition.consentState": "Consentement : {states}",
    "consent.state.opt_in": "Consentement explicite",
    "consent.state.b2b_interest": "Intérêt professionnel (B2B)",
    "consent.state.unsubscribed": "Désinscrit",
    "consent.state.bounced": "Adresse en échec",
    "consent.state.complained": "Plainte (spam)",
    "consent.state.none": "Aucun consentement",
  },
  en: {
    "segment.condition.contactLanguage": "Contact's language: {language}",
    "segment.condition.consentState": "Consent: {states}",
    "consent.state.opt_in": "Explicit opt-in",
    "consent.state.b2b_interest": "Professional interest (B2B)",
    "consent.state.unsubscribed": "Unsubscribed",
    "consent.state.bounced": "Bounced address",
    "consent.state.complained": "Complaint (spam)",
    "consent.state.none": "No consent",
  },
});
