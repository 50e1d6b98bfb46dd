import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ProductForm } from "~/components/sales/product-form";
import { PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { productFormSchema } from "~/domain/sales/product-schemas";
import { createProduct } from "~/domain/sales/products.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouveau produit · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:product");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:product");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, productFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    await createProduct(parsed.data, user.id);
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "form"]: error.code }, values: submittedValues(form) }, { status: 400 });
    throw error;
  }
  return redirectWithToast("/ventes/produits", { kind: "success", message: "sales.product.created", params: { reference: parsed.data.reference } });
}

export default function NewProductPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const submitted = (name: string, fallback: string) => {
    const value = actionData?.values?.[name];
    return typeof value === "string" ? value : fallback;
  };
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.product.title"), to: "/ventes/produits" }, { label: t("sales.product.new") }]} />
      <PageHeader title={t("sales.product.new")} />
      <ProductForm
        values={{
          reference: submitted("reference", ""),
          name: submitted("name", ""),
          description: submitted("description", ""),
          unit: submitted("unit", "unit"),
          unitPrice: submitted("unitPrice", ""),
          vatRate: submitted("vatRate", "2000"),
        }}
        fieldErrors={actionData?.fieldErrors}
        cancelTo="/ventes/produits"
        submitLabel={t("common.create")}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
