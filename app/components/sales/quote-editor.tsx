import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState, type MouseEvent } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { control, FormAlert, SelectField, TextareaField, TextField } from "~/components/ui/field";
import {
  applyRowCommand,
  editorLineFromProduct,
  editorTotals,
  MAX_QUOTE_LINES,
  type EditorLine,
  type QuoteLineField,
  type RowCommand,
} from "~/domain/sales/quote-schemas";
import type { FieldErrors } from "~/lib/forms";
import { useUnitOptions, useVatOptions } from "./product-form";
import { TotalsList } from "./quote-lines-table";
import { useMoney } from "./use-money";

export type EditorProduct = { id: string; reference: string; name: string; description: string; unit: string; unitPriceCents: number; vatRateBps: number };
export type EditorContact = { id: string; name: string; email: string | null };

type KeyedLine = EditorLine & { key: string };

/**
 * The quote editor. Works without JavaScript: every row is a set of inputs named lines.N.field,
 * and adding, removing and moving rows are submit buttons the server answers by showing the form
 * again. With JavaScript the same buttons act at once, and the totals follow each keystroke,
 * computed by the same money.ts as the server and the PDF.
 */
export function QuoteEditor({
  hidden,
  values,
  lines: initialLines,
  contacts,
  products,
  fieldErrors,
  formError,
  submitLabel,
}: {
  hidden: Record<string, string>;
  values: { contactId: string; validUntil: string; paymentTerms: string; notes: string };
  lines: EditorLine[];
  contacts: EditorContact[];
  products: EditorProduct[];
  fieldErrors?: FieldErrors;
  formError?: string | null;
  submitLabel: string;
}) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const busy = useNavigation().state === "submitting";
  const counter = useRef(0);
  const keyed = (line: EditorLine): KeyedLine => ({ ...line, key: `row-${counter.current++}` });
  const [lines, setLines] = useState<KeyedLine[]>(() => initialLines.map(keyed));
  const [addProductId, setAddProductId] = useState("");
  const unitOptions = useUnitOptions();
  const vatOptions = useVatOptions();
  const totals = editorTotals(lines);
  const error = (name: string) => {
    const key = fieldErrors?.[name];
    return key ? t(key) : null;
  };

  const productLine = (productId: string) => {
    const product = products.find((candidate) => candidate.id === productId);
    return product ? editorLineFromProduct(product, locale) : null;
  };
  /** With JavaScript, a row button acts here instead of asking the server. */
  const runHere = (command: RowCommand) => (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    setLines((current) => {
      const next = applyRowCommand(current, command, productLine);
      return next.map((line) => ("key" in line ? (line as KeyedLine) : keyed(line)));
    });
  };
  const update = (index: number, field: QuoteLineField, value: string) =>
    setLines((current) => current.map((line, position) => (position === index ? { ...line, [field]: value } : line)));

  const hasErrors = Boolean(formError) || Object.keys(fieldErrors ?? {}).length > 0;
  return (
    <Form method="post" className="space-y-6" noValidate>
      <CsrfField />
      {/* Enter in a field saves (the browser's default button is the first submit button). */}
      <button type="submit" name="intent" value="save" tabIndex={-1} aria-hidden="true" className="absolute h-px w-px overflow-hidden opacity-0" />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {hasErrors ? <FormAlert>{formError ?? t("common.formHasErrors")}</FormAlert> : null}

      <div className="grid gap-4 md:grid-cols-3">
        <SelectField
          name="contactId"
          label={t("sales.quote.contact")}
          defaultValue={values.contactId}
          error={error("contactId")}
          hint={t("sales.quote.contactHint")}
          options={[{ value: "", label: t("sales.quote.noContact") }, ...contacts.map((contact) => ({ value: contact.id, label: contact.email ? `${contact.name} · ${contact.email}` : contact.name }))]}
        />
        <TextField name="validUntil" type="date" label={t("sales.quote.validUntil")} defaultValue={values.validUntil} error={error("validUntil")} />
        <TextField name="paymentTerms" label={t("sales.quote.paymentTerms")} defaultValue={values.paymentTerms} error={error("paymentTerms")} />
      </div>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-base font-semibold text-slate-900">{t("sales.quote.lines")}</legend>
        {error("lines") ? (
          <p className="text-sm text-red-700" role="alert">
            {error("lines")}
          </p>
        ) : null}
        <ol className="space-y-3">
          {lines.map((line, index) => {
            const name = (field: QuoteLineField) => `lines.${index}.${field}`;
            const number = index + 1;
            const lineTotal = totals.lineTotals[index];
            return (
              <li key={line.key} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="quote-line">
                <div className="mb-2 flex items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold text-slate-800">{t("sales.quote.lineNumber", { index: number })}</h3>
                  <div className="flex items-center gap-1">
                    <Button type="submit" name="intent" value={`up-line:${index}`} size="sm" variant="ghost" formNoValidate disabled={index === 0} aria-label={t("sales.quote.moveUp", { index: number })} onClick={runHere({ kind: "up", index })}>
                      ↑
                    </Button>
                    <Button type="submit" name="intent" value={`down-line:${index}`} size="sm" variant="ghost" formNoValidate disabled={index === lines.length - 1} aria-label={t("sales.quote.moveDown", { index: number })} onClick={runHere({ kind: "down", index })}>
                      ↓
                    </Button>
                    <Button type="submit" name="intent" value={`remove-line:${index}`} size="sm" variant="ghost" formNoValidate aria-label={t("sales.quote.removeLine", { index: number })} onClick={runHere({ kind: "remove", index })}>
                      ✕
                    </Button>
                  </div>
                </div>
                <input type="hidden" name={name("productId")} value={line.productId} />
                <div className="grid gap-3 md:grid-cols-[9rem_1fr]">
                  <TextField name={name("reference")} label={t("sales.quote.line.reference")} value={line.reference} onChange={(event) => update(index, "reference", event.target.value)} error={error(name("reference"))} />
                  <TextareaField name={name("description")} label={t("sales.quote.line.description")} rows={2} value={line.description} onChange={(event) => update(index, "description", event.target.value)} error={error(name("description"))} />
                </div>
                <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-6">
                  <TextField name={name("quantity")} label={t("sales.quote.line.quantity")} inputMode="decimal" value={line.quantity} onChange={(event) => update(index, "quantity", event.target.value)} error={error(name("quantity"))} />
                  <SelectField name={name("unit")} label={t("sales.quote.line.unit")} value={line.unit} onChange={(event) => update(index, "unit", event.target.value)} error={error(name("unit"))} options={unitOptions} />
                  <TextField name={name("unitPrice")} label={t("sales.quote.line.unitPriceInput")} inputMode="decimal" value={line.unitPrice} onChange={(event) => update(index, "unitPrice", event.target.value)} error={error(name("unitPrice"))} />
                  <TextField name={name("discount")} label={t("sales.quote.line.discountInput")} inputMode="decimal" value={line.discount} onChange={(event) => update(index, "discount", event.target.value)} error={error(name("discount"))} placeholder="0" />
                  <SelectField name={name("vatRate")} label={t("sales.quote.line.vatRate")} value={line.vatRate} onChange={(event) => update(index, "vatRate", event.target.value)} error={error(name("vatRate"))} options={vatOptions} />
                  <div className="space-y-1">
                    <p className="block text-sm font-medium text-slate-800">{t("sales.quote.line.total")}</p>
                    <p className={cn("py-2 text-right text-sm font-semibold tabular-nums", lineTotal === null ? "text-slate-400" : "text-slate-900")} data-testid="line-total">
                      {lineTotal === null ? "—" : money.euros(lineTotal)}
                    </p>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
        {lines.length < MAX_QUOTE_LINES ? (
          <div className="flex flex-wrap items-end gap-2 rounded-lg border border-dashed border-slate-300 p-3">
            <div className="min-w-[16rem] flex-1 space-y-1">
              <label htmlFor="add-product" className="block text-sm font-medium text-slate-800">
                {t("sales.quote.addLineLabel")}
              </label>
              <select id="add-product" name="addProductId" className={control} value={addProductId} onChange={(event) => setAddProductId(event.target.value)}>
                <option value="">{t("sales.quote.freeLine")}</option>
                {products.map((product) => (
                  <option key={product.id} value={product.id}>
                    {`${product.reference} · ${product.name} · ${money.euros(product.unitPriceCents)}`}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" name="intent" value="add-line" variant="secondary" formNoValidate onClick={runHere({ kind: "add", productId: addProductId })}>
              {t("sales.quote.addLine")}
            </Button>
          </div>
        ) : null}
      </fieldset>

      <TotalsList totals={totals} note={totals.incompleteLines > 0 ? t("sales.quote.incompleteLines", { count: totals.incompleteLines }) : null} />

      <TextareaField name="notes" label={t("sales.quote.notes")} rows={3} defaultValue={values.notes} error={error("notes")} />

      <div className="flex gap-3">
        <Button type="submit" name="intent" value="save" disabled={busy}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}
