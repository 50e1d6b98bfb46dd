import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/customers/pager";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { useMoney } from "~/components/sales/use-money";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { FilterPills } from "~/components/ui/filter-pills";
import { EmptyState, PageHeader, Stat, Table, Td, Th } from "~/components/ui/layout";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { orderPeriodPresets, orderPresetParams } from "~/domain/sales/order-periods";
import { listOrders, orderListFilters } from "~/domain/sales/orders.server";
import { ExportForm } from "~/components/exports/export-form";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Commandes · Comptoir" }];

const presetParams = orderPresetParams;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const params = new URL(request.url).searchParams;
  const { filters, preset, owners, seesAll } = await orderListFilters(user, params);
  const { period, ownerId } = filters;
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const result = await listOrders(user, { period, ownerId }, page);
  return {
    ...result,
    preset,
    period: { from: period.from ? isoDate(period.from) : "", to: period.to ? isoDate(period.to) : "" },
    ownerId,
    owners,
    seesAll,
    canExport: can(user, "export:deal"),
  };
}

/** The order intake: accepted quotes by order date, with the period's total. */
export default function OrdersPage() {
  const { rows, total, sums, page, pageCount, preset, period, ownerId, owners, seesAll, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = useMoney();
  const ownerQuery = ownerId ? `&commercial=${encodeURIComponent(ownerId)}` : "";
  return (
    <>
      <PageHeader title={t("sales.order.title")} description={t("sales.order.intro")} />
      <FilterPills
        className="mb-4"
        label={t("sales.order.periodLabel")}
        pills={orderPeriodPresets.map((candidate) => ({ key: candidate, to: `/ventes/commandes?periode=${presetParams[candidate]}${ownerQuery}`, label: t(`sales.order.period.${candidate}`), current: candidate === preset }))}
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <TextField label={t("sales.order.from")} name="du" type="date" defaultValue={period.from} className="w-44" />
        <TextField label={t("sales.order.to")} name="au" type="date" defaultValue={period.to} className="w-44" />
        {seesAll ? (
          <SelectField
            label={t("sales.quote.filterOwner")}
            name="commercial"
            defaultValue={ownerId ?? ""}
            className="w-48"
            options={[{ value: "", label: t("common.all") }, ...owners.map((owner) => ({ value: owner.id, label: owner.name }))]}
          />
        ) : null}
        <Button type="submit" variant="secondary">
          {t("common.filter")}
        </Button>
      </Form>
      <div className="mb-4 grid gap-4 sm:grid-cols-3">
        <Stat label={t("sales.order.count")} value={format.number(total)} />
        <Stat label={t("sales.order.sumExcl")} value={<span data-testid="orders-total-excl">{money.euros(sums.totalExclCents)}</span>} />
        <Stat label={t("sales.order.sumIncl")} value={money.euros(sums.totalInclCents)} />
      </div>
      {canExport ? <ExportForm action="/ventes/commandes/export.csv" className="mb-3 flex flex-wrap items-end justify-end gap-2" /> : null}
      {rows.length === 0 ? (
        <EmptyState>{t("sales.order.empty")}</EmptyState>
      ) : (
        <Table caption={t("sales.order.title")}>
          <thead>
            <tr>
              <Th>{t("sales.order.col.number")}</Th>
              <Th>{t("sales.order.col.date")}</Th>
              <Th>{t("sales.order.col.company")}</Th>
              <Th className="hidden md:table-cell">{t("sales.order.col.quote")}</Th>
              <Th className="text-right">{t("sales.order.col.totalExcl")}</Th>
              <Th className="hidden text-right lg:table-cell">{t("sales.order.col.totalIncl")}</Th>
              {seesAll ? <Th className="hidden lg:table-cell">{t("sales.order.col.owner")}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((order) => (
              <tr key={order.id}>
                <Td>
                  <Link to={`/ventes/commandes/${order.id}`} className="font-medium tabular-nums text-brand-700 hover:underline">
                    {order.number}
                  </Link>
                  {order.deal ? <span className="block text-xs text-slate-500">{order.deal.title}</span> : null}
                </Td>
                <Td>{format.date(order.orderedAt)}</Td>
                <Td>{order.company.name}</Td>
                <Td className="hidden md:table-cell">
                  <Link to={`/ventes/devis/${order.quote.id}`} className="text-brand-700 hover:underline">
                    {order.quote.number}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">{money.euros(order.totalExclCents)}</Td>
                <Td className="hidden text-right tabular-nums lg:table-cell">{money.euros(order.totalInclCents)}</Td>
                {seesAll ? <Td className="hidden lg:table-cell">{order.owner.name}</Td> : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager page={page} pageCount={pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
