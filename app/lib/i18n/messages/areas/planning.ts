import { defineMessages } from "../define";

/** Messages of the planning area. Keys are prefixed with "planning.". */
export const planningMessages = defineMessages({
  fr: {},
  en: {},
});
