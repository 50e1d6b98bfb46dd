import { defineMessages } from "../define";

/** Messages of Streamed list exports (CSV). Keys are prefixed with "export.". */
export const exportsMessages = defineMessages({
  fr: {
    "export.title": "Exporter",
  },
  en: {
    "export.title": "Export",
  },
});
