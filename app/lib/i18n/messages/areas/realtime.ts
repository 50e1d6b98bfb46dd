import { defineMessages } from "../define";

/** Messages of the realtime area. Keys are prefixed with "realtime.". */
export const realtimeMessages = defineMessages({
  fr: {},
  en: {},
});
