import { defineMessages } from "../define";

/** Messages of the portal area. Keys are prefixed with "portal.". */
export const portalMessages = defineMessages({
  fr: {},
  en: {},
});
