import { defineMessages } from "../define";

/** Messages of the email area. Keys are prefixed with "email.". */
export const emailMessages = defineMessages({
  fr: {},
  en: {},
});
