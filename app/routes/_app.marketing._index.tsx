import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Card, PageHeader, Stat, Table, Td, Th } from "~/components/ui/layout";
import { audienceSummary } from "~/domain/marketing/audience.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Marketing · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "read:campaign");
  return audienceSummary();
}

export default function MarketingPage() {
  const audience = useLoaderData<typeof loader>();
  const { t, format, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 0 });
  return (
    <>
      <PageHeader title={t("marketing.title")} />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat label={t("marketing.contacts")} value={format.number(audience.contacts)} />
        <Stat label={t("marketing.consented")} value={format.number(audience.consented)} />
        <Stat label={t("marketing.consentRate")} value={percent.format(audience.consentRate)} />
      </div>
      <Card title={t("marketing.bySector")}>
        <Table>
          <thead>
            <tr>
              <Th>{t("clients.colSector")}</Th>
              <Th>{t("marketing.consented")}</Th>
              <Th>{t("marketing.contacts")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {audience.bySector.map((row) => (
              <tr key={row.sector}>
                <Td>{t(`sector.${row.sector}`)}</Td>
                <Td className="tabular-nums">{format.number(row.consented)}</Td>
                <Td className="tabular-nums">{format.number(row.total)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
