import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { DeliveryStatus } from "~/components/helpdesk/message-body";
import { useI18n } from "~/components/i18n";
import { QuoteEditor } from "~/components/sales/quote-editor";
import { QuoteLinesTable } from "~/components/sales/quote-lines-table";
import { QuoteStatusBadge } from "~/components/sales/quote-status-badge";
import { useMoney } from "~/components/sales/use-money";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { can } from "~/domain/identity/permissions";
import { dateInputValue } from "~/domain/sales/document-dates";
import { acceptQuote, duplicateQuote, QuoteConflictError, refuseQuote, saveQuoteDraft, sendQuote } from "~/domain/sales/quote-commands.server";
import { applyRowCommand, editorLineFromProduct, editorLineFromStored, editorLinesFromValues, parseRowCommand, quoteFormSchema, type EditorLine, type QuoteStatus } from "~/domain/sales/quote-schemas";
import { companyContactsForQuote, findQuoteForViewer, quoteConflictSummary, quoteDelivery, quoteDocumentFor } from "~/domain/sales/quotes.server";
import { productChoices } from "~/domain/sales/products.server";
import { canActOnOwned } from "~/domain/sales/sales-access";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.quote.number ?? "Devis"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const quote = await quoteDocumentFor(user, params.quoteId ?? "");
  if (!quote) throw notFound();
  const canChange = can(user, "update:deal") && canActOnOwned(user, quote.owner.id, "update");
  const editable = canChange && quote.status === "draft";
  const [contacts, products, delivery] = await Promise.all([
    editable ? companyContactsForQuote(quote.company.id) : [],
    editable ? productChoices() : [],
    quoteDelivery(quote.sentEmailId),
  ]);
  return {
    quote,
    canChange,
    editable,
    canDuplicate: can(user, "create:deal"),
    canCompleteSeller: can(user, "manage:setting"),
    contacts,
    products,
    delivery,
  };
}

type ActionResult = {
  intent: string;
  /** Changes on every answer, so the editor shows the rows the server sent back. */
  nonce: string;
  values?: Record<string, string | string[]>;
  lines?: EditorLine[];
  fieldErrors?: FieldErrors;
  formError?: MessageKey;
  conflict?: Awaited<ReturnType<typeof quoteConflictSummary>>;
};

const lockSchema = z.object({ version: z.coerce.number({ invalid_type_error: "sales.quote.staleForm" }).int().min(1, "sales.quote.staleForm") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const quote = await findQuoteForViewer(user, params.quoteId ?? "", "update");
  if (!quote) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const here = `/ventes/devis/${quote.id}`;
  const nonce = globalThis.crypto.randomUUID();
  const answer = (result: Omit<ActionResult, "intent" | "nonce">, status = 400) => data<ActionResult>({ intent, nonce, ...result }, { status });

  // Adding, removing and moving rows without JavaScript: the form comes back with the rows changed, nothing saved.
  const rowCommand = parseRowCommand(intent, String(form.get("addProductId") ?? ""));
  if (rowCommand) {
    const values = submittedValues(form);
    const products = rowCommand.kind === "add" && rowCommand.productId ? await productChoices() : [];
    const product = (id: string) => {
      const found = products.find((candidate) => candidate.id === id);
      return found ? editorLineFromProduct(found, user.locale === "en" ? "en" : "fr") : null;
    };
    return answer({ values, lines: applyRowCommand(editorLinesFromValues(values), rowCommand, product) }, 200);
  }

  try {
    switch (intent) {
      case "save": {
        const parsed = parseForm(form, quoteFormSchema);
        if (!parsed.ok) return answer({ values: parsed.values, lines: editorLinesFromValues(parsed.values), fieldErrors: parsed.fieldErrors });
        await saveQuoteDraft(user, quote.id, parsed.data);
        return redirectWithToast(here, { kind: "success", message: "sales.quote.saved" });
      }
      case "send": {
        const parsed = parseForm(form, lockSchema);
        if (!parsed.ok) return answer({ formError: "sales.quote.staleForm" });
        await sendQuote(user, { quoteId: quote.id, version: parsed.data.version });
        return redirectWithToast(here, { kind: "success", message: "sales.quote.sent", params: { number: quote.number } });
      }
      case "accept": {
        const parsed = parseForm(form, lockSchema);
        if (!parsed.ok) return answer({ formError: "sales.quote.staleForm" });
        const accepted = await acceptQuote(user, { quoteId: quote.id, version: parsed.data.version });
        return redirectWithToast(`/ventes/commandes/${accepted.orderId}`, { kind: "success", message: "sales.quote.accepted", params: { order: accepted.orderNumber } });
      }
      case "refuse": {
        const parsed = parseForm(form, lockSchema);
        if (!parsed.ok) return answer({ formError: "sales.quote.staleForm" });
        await refuseQuote(user, { quoteId: quote.id, version: parsed.data.version });
        return redirectWithToast(here, { kind: "success", message: "sales.quote.refused" });
      }
      case "duplicate": {
        const copy = await duplicateQuote(user, quote.id);
        return redirectWithToast(`/ventes/devis/${copy.quoteId}`, { kind: "success", message: "sales.quote.duplicated", params: { number: copy.number } });
      }
    }
  } catch (error) {
    const values = submittedValues(form);
    const lines = intent === "save" ? editorLinesFromValues(values) : undefined;
    if (error instanceof QuoteConflictError) {
      return answer({ values, lines, formError: "sales.quote.conflict", conflict: await quoteConflictSummary(quote.id) }, 409);
    }
    if (error instanceof DomainError) {
      return answer({ values, lines, ...(error.field ? { fieldErrors: { [error.field]: error.code } } : {}), formError: error.code }, error.field ? 400 : 409);
    }
    throw error;
  }
  throw data({ reason: "bad_intent" }, { status: 400 });
}

export default function QuotePage() {
  const { quote, canChange, editable, canDuplicate, canCompleteSeller, contacts, products, delivery } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, format, locale } = useI18n();
  const money = useMoney();
  const editorAnswer = actionData && actionData.lines ? actionData : null;
  const stateError = actionData && !actionData.lines && actionData.formError ? t(actionData.formError) : null;
  const conflict = actionData?.conflict ?? null;
  // After a conflict the form carries the current version: saving again replaces the colleague's changes knowingly.
  const version = conflict ? conflict.version : quote.version;
  const issued = quote.status !== "draft";
  const values = (name: string, fallback: string) => {
    const value = editorAnswer?.values?.[name];
    return typeof value === "string" ? value : fallback;
  };
  const lockForm = (intent: string, label: string, variant: "primary" | "secondary" | "danger" = "secondary") => (
    <Form method="post">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <Button type="submit" variant={variant} disabled={busy}>
        {label}
      </Button>
    </Form>
  );
  const customer = quote.customer;
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.quote.title"), to: "/ventes/devis" }, { label: quote.number }]} />
      <PageHeader
        title={t("sales.quote.pageTitle", { number: quote.number })}
        description={quote.company.name}
        actions={
          <>
            <a href={`/ventes/devis/${quote.id}/pdf`} className="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>
              {t("sales.quote.downloadPdf")}
            </a>
            {canDuplicate ? lockForm("duplicate", t("sales.quote.duplicate")) : null}
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <QuoteStatusBadge status={quote.status} />
        {quote.sentAt ? <span>{t("sales.quote.sentOn", { date: format.dateTime(quote.sentAt) })}</span> : null}
        {quote.acceptedAt ? <span>{t("sales.quote.acceptedOn", { date: format.dateTime(quote.acceptedAt) })}</span> : null}
        {quote.refusedAt ? <span>{t("sales.quote.refusedOn", { date: format.dateTime(quote.refusedAt) })}</span> : null}
        {quote.order ? (
          <Link to={`/ventes/commandes/${quote.order.id}`} className="font-medium text-brand-700 hover:underline">
            {t("sales.quote.orderLink", { number: quote.order.number })}
          </Link>
        ) : null}
      </div>

      {conflict ? (
        <div className="mb-4">
          <FormAlert>
            <p className="font-medium">{t("sales.quote.conflict")}</p>
            <p className="mt-1">
              {t("sales.quote.conflictNow", {
                status: t(`sales.quote.status.${conflict.status as QuoteStatus}`),
                total: money.euros(conflict.totalExclCents),
                lines: conflict.lineCount,
                date: format.dateTime(conflict.updatedAt),
              })}
            </p>
            <p className="mt-1">{conflict.status === "draft" ? t("sales.quote.conflictKeep") : t("sales.quote.conflictIssued")}</p>
          </FormAlert>
        </div>
      ) : stateError ? (
        <div className="mb-4">
          <FormAlert>{stateError}</FormAlert>
        </div>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          {editable ? (
            <QuoteEditor
              key={actionData?.nonce ?? `v${quote.version}`}
              hidden={{ version: String(version) }}
              values={{
                contactId: values("contactId", quote.contact?.id ?? ""),
                validUntil: values("validUntil", dateInputValue(quote.validUntil)),
                paymentTerms: values("paymentTerms", quote.paymentTerms),
                notes: values("notes", quote.notes),
              }}
              lines={editorAnswer?.lines ?? quote.lines.map((line) => editorLineFromStored(line, locale))}
              contacts={contacts}
              products={products}
              fieldErrors={editorAnswer?.fieldErrors}
              formError={editorAnswer?.formError ? t(editorAnswer.formError) : null}
              submitLabel={t("sales.quote.save")}
            />
          ) : (
            <>
              {quote.status === "draft" ? null : <p className="text-sm text-slate-600">{t("sales.quote.issuedNotice")}</p>}
              <QuoteLinesTable lines={quote.lines} totals={quote.totals} caption={t("sales.quote.lines")} />
              {quote.notes ? (
                <Card title={t("sales.quote.notes")}>
                  <p className="whitespace-pre-line text-sm">{quote.notes}</p>
                </Card>
              ) : null}
            </>
          )}
        </div>

        <aside className="space-y-6" aria-label={t("sales.quote.sidePanel")}>
          <Card title={t("sales.quote.customer")}>
            <dl className="divide-y divide-slate-100">
              <Detail label={t("sales.quote.company")}>
                <Link to={`/clients/societes/${quote.company.id}`} className="text-brand-700 hover:underline">
                  {customer.name}
                </Link>
                {[customer.street, `${customer.postalCode} ${customer.city}`.trim()].filter(Boolean).map((line) => (
                  <span key={line} className="block text-slate-600">
                    {line}
                  </span>
                ))}
              </Detail>
              <Detail label={t("sales.quote.contact")}>{customer.contactName ? `${customer.contactName}${customer.contactEmail ? ` · ${customer.contactEmail}` : ""}` : "—"}</Detail>
              <Detail label={t("sales.quote.deal")}>
                {quote.deal ? (
                  <Link to={`/ventes/affaires/${quote.deal.id}`} className="text-brand-700 hover:underline">
                    {quote.deal.title}
                  </Link>
                ) : (
                  "—"
                )}
              </Detail>
              <Detail label={t("sales.quote.owner")}>{quote.owner.name}</Detail>
              <Detail label={t("sales.quote.issueDate")}>{format.date(quote.issueDate)}</Detail>
              <Detail label={t("sales.quote.validUntil")}>{format.date(quote.validUntil)}</Detail>
              {issued ? <Detail label={t("sales.quote.paymentTerms")}>{quote.paymentTerms || "—"}</Detail> : null}
            </dl>
            {issued ? <p className="mt-2 text-xs text-slate-500">{t("sales.quote.snapshotNotice")}</p> : null}
          </Card>

          {quote.status === "draft" && canChange ? (
            <Card title={t("sales.quote.sendTitle")}>
              <div className="space-y-3 text-sm">
                {quote.seller ? null : (
                  <FormAlert>
                    {t("sales.quote.sellerIncomplete")}{" "}
                    {canCompleteSeller ? (
                      <Link to="/admin/devis" className="font-medium underline">
                        {t("sales.quote.sellerCompleteLink")}
                      </Link>
                    ) : (
                      t("sales.quote.sellerAskAdmin")
                    )}
                  </FormAlert>
                )}
                <p className="text-slate-600">{quote.contact?.email ? t("sales.quote.sendHint", { email: quote.contact.email }) : t("sales.quote.noRecipient")}</p>
                <p className="text-slate-600">{t("sales.quote.sendSavedFirst")}</p>
                {lockForm("send", t("sales.quote.send"), "primary")}
              </div>
            </Card>
          ) : null}

          {(quote.status === "sent" || quote.status === "expired") && canChange ? (
            <Card title={t("sales.quote.answerTitle")}>
              <div className="space-y-3 text-sm">
                {quote.status === "expired" ? (
                  <p className="text-amber-800">{t("sales.quote.expiredNotice", { date: format.date(quote.validUntil) })}</p>
                ) : (
                  <>
                    <p className="text-slate-600">{t("sales.quote.acceptHint")}</p>
                    {lockForm("accept", t("sales.quote.accept"), "primary")}
                  </>
                )}
                {lockForm("refuse", t("sales.quote.refuse"))}
              </div>
            </Card>
          ) : null}

          {delivery ? (
            <Card title={t("sales.quote.deliveryTitle")}>
              <DeliveryStatus delivery={delivery} />
            </Card>
          ) : null}
        </aside>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
