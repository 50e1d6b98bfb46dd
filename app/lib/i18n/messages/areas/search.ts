import { defineMessages } from "../define";

/** Messages of the search area. Keys are prefixed with "search.". */
export const searchMessages = defineMessages({
  fr: {},
  en: {},
});
