import { defineMessages } from "../define";

/** Messages of the customers area. Keys are prefixed with "customers.". */
export const customersMessages = defineMessages({
  fr: {},
  en: {},
});
