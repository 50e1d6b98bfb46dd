import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CompanyPicker } from "~/components/customers/company-picker";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { QuoteEditor } from "~/components/sales/quote-editor";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { findCompanyByTypedName } from "~/domain/customers/company-queries.server";
import { DomainError } from "~/domain/errors";
import { dateInputValue } from "~/domain/sales/document-dates";
import { createQuote, quoteDefaults } from "~/domain/sales/quote-commands.server";
import { applyRowCommand, blankEditorLine, editorLineFromProduct, editorLinesFromValues, parseRowCommand, quoteFormSchema, type EditorLine } from "~/domain/sales/quote-schemas";
import { companyContactsForQuote, newQuoteTarget } from "~/domain/sales/quotes.server";
import { productChoices } from "~/domain/sales/products.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouveau devis · Comptoir" }];

/**
 * A new quote, for a deal (?dealId=, from the deal page) or a company (?companyId=, from the
 * company page). Without either, the company is chosen first (a typed name works without
 * JavaScript too).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const params = new URL(request.url).searchParams;
  const dealId = params.get("dealId");
  let companyId = params.get("companyId");
  const typedCompany = (params.get("companyName") ?? "").trim();
  if (!dealId && !companyId && typedCompany) {
    const match = await findCompanyByTypedName(typedCompany);
    if (match.kind === "one") throw redirect(`/ventes/devis/nouveau?companyId=${encodeURIComponent(match.id)}`);
    return { step: "choose" as const, typedCompany, companyError: match.kind === "none" ? ("customers.contact.companyNotFound" as const) : ("customers.contact.companyAmbiguous" as const) };
  }
  if (!dealId && !companyId) return { step: "choose" as const, typedCompany: "", companyError: null };
  companyId = dealId ? null : companyId;
  const target = await newQuoteTarget(user, { dealId, companyId });
  if (!target) throw notFound();
  const [contacts, products, defaults] = await Promise.all([companyContactsForQuote(target.company.id), productChoices(), quoteDefaults()]);
  return {
    step: "edit" as const,
    target,
    contacts,
    products,
    defaults: { validUntil: dateInputValue(defaults.validUntil), paymentTerms: defaults.paymentTerms },
  };
}

type ActionResult = { nonce: string; values: Record<string, string | string[]>; lines: EditorLine[]; fieldErrors?: FieldErrors; formError?: MessageKey };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const values = submittedValues(form);
  const nonce = globalThis.crypto.randomUUID();
  const rowCommand = parseRowCommand(intent, String(form.get("addProductId") ?? ""));
  if (rowCommand) {
    const products = rowCommand.kind === "add" && rowCommand.productId ? await productChoices() : [];
    const product = (id: string) => {
      const found = products.find((candidate) => candidate.id === id);
      return found ? editorLineFromProduct(found, user.locale === "en" ? "en" : "fr") : null;
    };
    return data<ActionResult>({ nonce, values, lines: applyRowCommand(editorLinesFromValues(values), rowCommand, product) });
  }
  const parsed = parseForm(form, quoteFormSchema);
  if (!parsed.ok) return data<ActionResult>({ nonce, values, lines: editorLinesFromValues(values), fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    const created = await createQuote(user, parsed.data);
    return redirectWithToast(`/ventes/devis/${created.quoteId}`, { kind: "success", message: "sales.quote.created", params: { number: created.number } });
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return data<ActionResult>({ nonce, values, lines: editorLinesFromValues(values), fieldErrors: error.field ? { [error.field]: error.code } : {}, formError: error.code }, { status: 400 });
    }
    throw error;
  }
}

export default function NewQuotePage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.quote.title"), to: "/ventes/devis" }, { label: t("sales.quote.newTitle") }]} />
      <PageHeader title={t("sales.quote.newTitle")} description={loaderData.step === "edit" ? (loaderData.target.deal ? t("sales.quote.forDeal", { title: loaderData.target.deal.title }) : t("sales.quote.forCompany", { name: loaderData.target.company.name })) : undefined} />
      {loaderData.step === "choose" ? (
        <Card title={t("sales.quote.chooseCompany")}>
          <Form method="get" className="flex max-w-xl flex-wrap items-end gap-3">
            <div className="min-w-[18rem] flex-1">
              <CompanyPicker label={t("sales.quote.company")} defaultId="" defaultName={loaderData.typedCompany} error={loaderData.companyError ? t(loaderData.companyError) : null} hint={t("sales.quote.chooseCompanyHint")} />
            </div>
            <Button type="submit">{t("sales.quote.continue")}</Button>
          </Form>
        </Card>
      ) : (
        <>
          <p className="mb-4 text-sm text-slate-600">
            <Link to={`/clients/societes/${loaderData.target.company.id}`} className="font-medium text-brand-700 hover:underline">
              {loaderData.target.company.name}
            </Link>
          </p>
          <QuoteEditor
            key={actionData?.nonce ?? "new"}
            hidden={{ companyId: loaderData.target.company.id, dealId: loaderData.target.deal?.id ?? "" }}
            values={{
              contactId: typeof actionData?.values.contactId === "string" ? actionData.values.contactId : (loaderData.target.contactId ?? ""),
              validUntil: typeof actionData?.values.validUntil === "string" ? actionData.values.validUntil : loaderData.defaults.validUntil,
              paymentTerms: typeof actionData?.values.paymentTerms === "string" ? actionData.values.paymentTerms : loaderData.defaults.paymentTerms,
              notes: typeof actionData?.values.notes === "string" ? actionData.values.notes : "",
            }}
            lines={actionData?.lines ?? [blankEditorLine()]}
            contacts={loaderData.contacts}
            products={loaderData.products}
            fieldErrors={actionData?.fieldErrors}
            formError={actionData?.formError ? t(actionData.formError) : null}
            submitLabel={t("sales.quote.create")}
          />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
