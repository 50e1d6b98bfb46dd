import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ProductForm } from "~/components/sales/product-form";
import { useMoney } from "~/components/sales/use-money";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { can } from "~/domain/identity/permissions";
import { centsToInput } from "~/domain/sales/money";
import { productFormSchema } from "~/domain/sales/product-schemas";
import { deleteProduct, getProduct, setProductActive, updateProduct } from "~/domain/sales/products.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.name ?? "Produit"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:product");
  const product = await getProduct(params.productId ?? "");
  if (!product) throw notFound();
  return { product: { ...product, updatedAt: product.updatedAt.toISOString() }, canManage: can(user, "manage:product") };
}

const intents = ["save", "deactivate", "reactivate", "delete"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:product");
  const product = await getProduct(params.productId ?? "");
  if (!product) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intents as readonly string[]).includes(intent)) throw data({ reason: "bad_intent" }, { status: 400 });
  const here = `/ventes/produits/${product.id}`;
  try {
    switch (intent) {
      case "save": {
        const parsed = parseForm(form, productFormSchema);
        if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
        const { changed } = await updateProduct(product.id, parsed.data, user.id);
        return redirectWithToast(here, changed.length > 0 ? { kind: "success", message: "sales.product.saved" } : { kind: "info", message: "sales.seller.unchanged" });
      }
      case "deactivate":
      case "reactivate":
        await setProductActive(product.id, intent === "reactivate", user.id);
        return redirectWithToast(here, { kind: "success", message: intent === "reactivate" ? "sales.product.reactivated" : "sales.product.deactivated" });
      case "delete":
        await deleteProduct(product.id, user.id);
        return redirectWithToast("/ventes/produits", { kind: "success", message: "sales.product.deleted", params: { reference: product.reference } });
    }
  } catch (error) {
    if (error instanceof DomainError) {
      const fieldErrors = error.field ? { [error.field]: error.code } : { form: error.code };
      return data({ intent, fieldErrors, values: submittedValues(form) }, { status: error.field ? 400 : 409 });
    }
    throw error;
  }
  throw notFound();
}

export default function ProductPage() {
  const { product, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const money = useMoney();
  const saveRefusal = actionData?.intent === "save" ? actionData : null;
  const otherRefusal = actionData && actionData.intent !== "save" ? actionData.fieldErrors?.form : null;
  const submitted = (name: string, fallback: string) => {
    const value = saveRefusal?.values?.[name];
    return typeof value === "string" ? value : fallback;
  };
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.product.title"), to: "/ventes/produits" }, { label: product.name }]} />
      <PageHeader title={product.name} description={product.reference} actions={product.active ? null : <Badge tone="slate">{t("sales.product.inactive")}</Badge>} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div>
          {canManage ? (
            <ProductForm
              key={product.updatedAt}
              values={{
                reference: submitted("reference", product.reference),
                name: submitted("name", product.name),
                description: submitted("description", product.description),
                unit: submitted("unit", product.unit),
                unitPrice: submitted("unitPrice", centsToInput(product.unitPriceCents, locale)),
                vatRate: submitted("vatRate", String(product.vatRateBps)),
                version: product.updatedAt,
              }}
              fieldErrors={saveRefusal?.fieldErrors}
              cancelTo="/ventes/produits"
              submitLabel={t("common.save")}
            />
          ) : (
            <Card>
              <dl className="divide-y divide-slate-100">
                <Detail label={t("sales.product.description")}>{product.description ? <span className="whitespace-pre-line">{product.description}</span> : "—"}</Detail>
                <Detail label={t("sales.product.unit")}>{t(`sales.unit.${product.unit}` as MessageKey)}</Detail>
                <Detail label={t("sales.product.unitPrice")}>{money.euros(product.unitPriceCents)}</Detail>
                <Detail label={t("sales.product.vatRate")}>{money.percent(product.vatRateBps)}</Detail>
              </dl>
            </Card>
          )}
        </div>
        {canManage ? (
          <Card title={t("sales.product.availability")}>
            <div className="space-y-3 text-sm">
              {otherRefusal ? <FormAlert>{t(otherRefusal)}</FormAlert> : null}
              <p className="text-slate-600">{t("sales.product.usageCount", { count: String(product.quoteLineCount) })}</p>
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value={product.active ? "deactivate" : "reactivate"} />
                <Button type="submit" variant="secondary">
                  {product.active ? t("sales.product.deactivate") : t("sales.product.reactivate")}
                </Button>
              </Form>
              <p className="text-slate-600">{product.active ? t("sales.product.deactivateHint") : t("sales.product.reactivateHint")}</p>
              {product.quoteLineCount === 0 ? (
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="intent" value="delete" />
                  <Button type="submit" variant="danger">
                    {t("sales.product.delete")}
                  </Button>
                </Form>
              ) : (
                <p className="text-slate-600">{t("sales.product.cannotDelete")}</p>
              )}
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
