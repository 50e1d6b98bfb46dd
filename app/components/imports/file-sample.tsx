import { useI18n } from "../i18n";

/** The file's first rows exactly as read (header and cells), so a wrong encoding or separator shows at once. */
export function FileSample({ headers, rows }: { headers: string[]; rows: string[][] }) {
  const { t } = useI18n();
  const width = Math.max(headers.length, ...rows.map((row) => row.length));
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="file-sample">
        <caption className="sr-only">{t("importWizard.file.sampleCaption")}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-2 py-2 text-left font-medium text-slate-500">
              {t("importWizard.file.line")}
            </th>
            {Array.from({ length: width }, (_, column) => (
              <th key={column} scope="col" className="whitespace-nowrap px-2 py-2 text-left font-semibold text-slate-800">
                {headers[column] ?? ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {rows.map((row, index) => (
            <tr key={index}>
              <td className="px-2 py-1 text-slate-500">{index + 1}</td>
              {Array.from({ length: width }, (_, column) => (
                <td key={column} className="max-w-xs truncate whitespace-pre-wrap px-2 py-1 text-slate-800" title={row[column] ?? ""}>
                  {row[column] ?? ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
