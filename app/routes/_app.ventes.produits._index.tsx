import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { useMoney } from "~/components/sales/use-money";
import { Button, ButtonLink } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { FilterPills } from "~/components/ui/filter-pills";
import { Badge, EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { can } from "~/domain/identity/permissions";
import { productListSearch, productStates, productStateParams, type ProductState } from "~/domain/sales/product-schemas";
import { ExportForm } from "~/components/exports/export-form";
import { listProducts } from "~/domain/sales/products.server";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Produits · Comptoir" }];

const stateParams = productStateParams;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:product");
  const params = new URL(request.url).searchParams;
  const { state, search } = productListSearch(params);
  const products = await listProducts({ state, search });
  return { state, search, ...products, canManage: can(user, "manage:product"), canExport: can(user, "export:deal") };
}

/** The price list: active products by default, search by reference or name. */
export default function ProductsPage() {
  const { state, search, rows, total, pageSize, canManage, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = useMoney();
  const link = (next: ProductState) => `/ventes/produits?etat=${stateParams[next]}${search ? `&q=${encodeURIComponent(search)}` : ""}`;
  return (
    <>
      <PageHeader
        title={t("sales.product.title")}
        description={t("sales.product.intro")}
        actions={canManage ? <ButtonLink to="/ventes/produits/nouveau" variant="primary">{t("sales.product.new")}</ButtonLink> : null}
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <FilterPills
          label={t("sales.product.filterLabel")}
          pills={productStates.map((candidate) => ({ key: candidate, to: link(candidate), label: t(`sales.product.state.${candidate}` as MessageKey), current: candidate === state }))}
        />
        <Form method="get" role="search" className="flex items-end gap-2">
          <input type="hidden" name="etat" value={stateParams[state]} />
          <TextField label={t("common.search")} name="q" type="search" defaultValue={search} placeholder={t("sales.product.searchPlaceholder")} className="w-64" />
          <Button type="submit" variant="secondary">
            {t("common.search")}
          </Button>
        </Form>
      </div>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {total > pageSize ? t("sales.product.countCapped", { count: format.number(total), shown: format.number(pageSize) }) : t("sales.product.count", { count: format.number(total) })}
        </p>
        {canExport ? <ExportForm action="/ventes/produits/export.csv" /> : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState>{t("sales.product.empty")}</EmptyState>
      ) : (
        <Table caption={t("sales.product.title")}>
          <thead>
            <tr>
              <Th>{t("sales.product.reference")}</Th>
              <Th>{t("sales.product.name")}</Th>
              <Th>{t("sales.product.unit")}</Th>
              <Th className="text-right">{t("sales.product.unitPrice")}</Th>
              <Th className="text-right">{t("sales.product.vatRate")}</Th>
              <Th className="hidden md:table-cell">{t("sales.product.usage")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((product) => (
              <tr key={product.id} className={product.active ? undefined : "text-slate-500"}>
                <Td className="font-mono text-xs">{product.reference}</Td>
                <Td>
                  <Link to={`/ventes/produits/${product.id}`} className="font-medium text-brand-700 hover:underline">
                    {product.name}
                  </Link>
                  {product.active ? null : (
                    <span className="ml-2">
                      <Badge tone="slate">{t("sales.product.inactive")}</Badge>
                    </span>
                  )}
                </Td>
                <Td>{t(`sales.unit.${product.unit}` as MessageKey)}</Td>
                <Td className="text-right tabular-nums">{money.euros(product.unitPriceCents)}</Td>
                <Td className="text-right tabular-nums">{money.percent(product.vatRateBps)}</Td>
                <Td className="hidden tabular-nums md:table-cell">{t("sales.product.usageCount", { count: format.number(product.quoteLineCount) })}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
