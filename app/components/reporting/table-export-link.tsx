import { useI18n } from "~/components/i18n";

/** "Export this table as CSV" in a dashboard card's header: a plain download link. */
export function TableExportLink({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <a href={href} download className="text-xs font-medium text-brand-700 hover:underline">
      {t("reporting.table.export")}
    </a>
  );
}
