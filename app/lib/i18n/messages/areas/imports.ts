import { defineMessages } from "../define";

/** Messages of CSV/XLSX import wizard, import jobs, reports and undo. Keys are prefixed with "import.". */
export const importsMessages = defineMessages({
  fr: {
    "import.title": "Importer des données",
  },
  en: {
    "import.title": "Import data",
  },
});
