import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { QuoteLinesTable } from "~/components/sales/quote-lines-table";
import { Card, PageHeader } from "~/components/ui/layout";
import { orderFor } from "~/domain/sales/orders.server";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.number ?? "Commande"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const order = await orderFor(user, params.orderId ?? "");
  if (!order) throw notFound();
  return { order };
}

/** An order, read-only: its lines and totals come from the accepted quote. */
export default function OrderPage() {
  const { order } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.order.title"), to: "/ventes/commandes" }, { label: order.number }]} />
      <PageHeader title={t("sales.order.pageTitle", { number: order.number })} description={order.company.name} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0">
          <QuoteLinesTable lines={order.quote.lines} totals={order.totals} caption={t("sales.order.lines")} />
        </div>
        <Card title={t("sales.order.details")}>
          <dl className="divide-y divide-slate-100">
            <Detail label={t("sales.order.col.date")}>{format.date(order.orderedAt)}</Detail>
            <Detail label={t("sales.quote.company")}>
              <Link to={`/clients/societes/${order.company.id}`} className="text-brand-700 hover:underline">
                {order.company.name}
              </Link>
            </Detail>
            <Detail label={t("sales.quote.contact")}>{order.contactName || "—"}</Detail>
            <Detail label={t("sales.order.col.quote")}>
              <Link to={`/ventes/devis/${order.quote.id}`} className="text-brand-700 hover:underline">
                {order.quote.number}
              </Link>
            </Detail>
            <Detail label={t("sales.quote.deal")}>
              {order.deal ? (
                <Link to={`/ventes/affaires/${order.deal.id}`} className="text-brand-700 hover:underline">
                  {order.deal.title}
                </Link>
              ) : (
                "—"
              )}
            </Detail>
            <Detail label={t("sales.quote.owner")}>{order.owner.name}</Detail>
            <Detail label={t("sales.quote.paymentTerms")}>{order.quote.paymentTerms || "—"}</Detail>
          </dl>
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
