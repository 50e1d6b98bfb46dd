import { z } from "zod";
import { dayField, dayHasPassed } from "./document-dates";
import {
  bpsToInput,
  centsToInput,
  documentTotals,
  parseAmountCents,
  parsePercentBps,
  parseQuantityMilli,
  parseVatRateBps,
  quantityToInput,
  totalsFitStorage,
  type DocumentTotals,
  type MoneyLine,
} from "./money";
import { amountCentsField, discountBpsField, quantityMilliField, unitField, vatRateField } from "./money-fields";

/**
 * Quotes: their states, and the editor's form (ONE schema, shared by the action and the page).
 *
 * States stored: draft (editable) → sent → accepted | refused. "Expired" is not stored: a sent
 * quote whose validity day has passed reads as expired, computed on read by quoteStatusOn (and
 * by the lists' filters, which use the same day rule), so no job has to run for it to be true.
 */

export const storedQuoteStatuses = ["draft", "sent", "accepted", "refused"] as const;
export const quoteStatuses = ["draft", "sent", "expired", "accepted", "refused"] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

/** The state a quote is in now: a sent quote past its validity day is expired. */
export function quoteStatusOn(quote: { status: string; validUntil: Date | string }, now: Date): QuoteStatus {
  if (quote.status === "sent" && dayHasPassed(quote.validUntil, now)) return "expired";
  return (quoteStatuses as readonly string[]).includes(quote.status) ? (quote.status as QuoteStatus) : "draft";
}

export const MAX_QUOTE_LINES = 200;
export const quoteLineFields = ["productId", "reference", "description", "unit", "quantity", "unitPrice", "discount", "vatRate"] as const;
export type QuoteLineField = (typeof quoteLineFields)[number];

/** A line of the editor as the inputs hold it (text), before validation. */
export type EditorLine = Record<QuoteLineField, string>;

/** Form fields named "lines.3.quantity" become lines[3].quantity (rows of the editor, in order). */
export function groupLineFields(values: unknown): unknown {
  if (!values || typeof values !== "object") return values;
  const lines: Array<Partial<EditorLine>> = [];
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const match = /^lines\.(\d{1,4})\.(\w+)$/.exec(name);
    if (!match) {
      rest[name] = value;
      continue;
    }
    const index = Number(match[1]);
    const field = match[2] as QuoteLineField;
    if (index > MAX_QUOTE_LINES || !(quoteLineFields as readonly string[]).includes(field)) continue;
    (lines[index] ??= {})[field] = Array.isArray(value) ? String(value[0] ?? "") : String(value ?? "");
  }
  return { ...rest, lines: Array.from({ length: lines.length }, (_, index) => lines[index] ?? {}) };
}

const optionalId = z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null), z.string().max(40).nullable().default(null));

export const quoteLineSchema = z.object({
  productId: optionalId,
  reference: z.string().trim().max(40, "validation.tooLong").default(""),
  description: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(2000, "validation.tooLong"),
  unit: unitField(),
  quantity: quantityMilliField(),
  unitPrice: amountCentsField(),
  discount: discountBpsField(),
  vatRate: vatRateField(),
});
export type QuoteLineInput = z.infer<typeof quoteLineSchema>;

export const quoteFormSchema = z.preprocess(
  groupLineFields,
  z
    .object({
      /** The version the editor loaded (absent on a new quote). */
      version: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).optional()),
      /** New quotes only: the company and deal it is written for. */
      companyId: optionalId,
      dealId: optionalId,
      contactId: optionalId,
      validUntil: dayField(),
      paymentTerms: z.string().trim().max(300, "validation.tooLong").default(""),
      notes: z.string().trim().max(2000, "validation.tooLong").default(""),
      lines: z.array(quoteLineSchema).min(1, "sales.quote.validation.noLines").max(MAX_QUOTE_LINES, "sales.quote.validation.tooManyLines"),
    })
    .superRefine((quote, context) => {
      // Runs even when a line failed (zod refines "dirty" objects): only whole numbers are added up.
      const readable = quote.lines.every((line) => [line.quantity, line.unitPrice, line.discount, line.vatRate].every(Number.isSafeInteger));
      if (!readable) return;
      const totals = documentTotals(quote.lines.map(moneyLineOf));
      if (!totalsFitStorage(totals)) context.addIssue({ code: z.ZodIssueCode.custom, path: ["lines"], message: "sales.quote.validation.tooLarge" });
    }),
);
export type QuoteInput = z.infer<typeof quoteFormSchema>;

export function moneyLineOf(line: Pick<QuoteLineInput, "quantity" | "unitPrice" | "discount" | "vatRate">): MoneyLine {
  return { quantityMilli: line.quantity, unitPriceCents: line.unitPrice, discountBps: line.discount, vatRateBps: line.vatRate };
}

// ───────────────────────────── the editor's rows ─────────────────────────────

type Locale = "fr" | "en";

export function blankEditorLine(): EditorLine {
  return { productId: "", reference: "", description: "", unit: "unit", quantity: "1", unitPrice: "", discount: "", vatRate: "2000" };
}

/** A row filled from a product of the price list (a copy: later price changes do not follow). */
export function editorLineFromProduct(
  product: { id: string; reference: string; name: string; description: string; unit: string; unitPriceCents: number; vatRateBps: number },
  locale: Locale,
): EditorLine {
  return {
    productId: product.id,
    reference: product.reference,
    description: product.description ? `${product.name}\n${product.description}` : product.name,
    unit: product.unit,
    quantity: "1",
    unitPrice: centsToInput(product.unitPriceCents, locale),
    discount: "",
    vatRate: String(product.vatRateBps),
  };
}

/** A stored line as the editor shows it. */
export function editorLineFromStored(
  line: { productId: string | null; reference: string; description: string; unit: string; quantityMilli: number; unitPriceCents: number; discountBps: number; vatRateBps: number },
  locale: Locale,
): EditorLine {
  return {
    productId: line.productId ?? "",
    reference: line.reference,
    description: line.description,
    unit: line.unit,
    quantity: quantityToInput(line.quantityMilli, locale),
    unitPrice: centsToInput(line.unitPriceCents, locale),
    discount: line.discountBps === 0 ? "" : bpsToInput(line.discountBps, locale),
    vatRate: String(line.vatRateBps),
  };
}

/** The rows as submitted (what the person typed), for re-showing the form. */
export function editorLinesFromValues(values: Record<string, string | string[]>): EditorLine[] {
  const grouped = groupLineFields(values) as { lines: Array<Partial<EditorLine>> };
  return grouped.lines.map((line) => ({ ...blankEditorLine(), ...Object.fromEntries(quoteLineFields.map((field) => [field, line[field] ?? ""])) }) as EditorLine);
}

/**
 * The totals the editor shows while typing, with the same arithmetic as the server. Rows that do
 * not read yet (empty price, "abc") are left out and counted, so the page can say so.
 */
export function editorTotals(lines: EditorLine[]): DocumentTotals & { incompleteLines: number; lineTotals: Array<number | null> } {
  const readable: Array<{ index: number; line: MoneyLine }> = [];
  lines.forEach((line, index) => {
    const quantity = parseQuantityMilli(line.quantity);
    const price = parseAmountCents(line.unitPrice);
    const discount = line.discount.trim() === "" ? ({ ok: true, value: 0 } as const) : parsePercentBps(line.discount);
    const vat = parseVatRateBps(line.vatRate);
    if (quantity.ok && price.ok && discount.ok && vat.ok) readable.push({ index, line: { quantityMilli: quantity.value, unitPriceCents: price.value, discountBps: discount.value, vatRateBps: vat.value } });
  });
  const totals = documentTotals(readable.map((entry) => entry.line));
  const lineTotals: Array<number | null> = lines.map(() => null);
  readable.forEach((entry, position) => (lineTotals[entry.index] = totals.lineTotalsCents[position] ?? null));
  return { ...totals, incompleteLines: lines.length - readable.length, lineTotals };
}

/** The editor's row commands without JavaScript: buttons named intent with these values. */
export type RowCommand = { kind: "add"; productId: string } | { kind: "remove"; index: number } | { kind: "up"; index: number } | { kind: "down"; index: number };

export function parseRowCommand(intent: string, addProductId: string): RowCommand | null {
  if (intent === "add-line") return { kind: "add", productId: addProductId };
  const match = /^(remove|up|down)-line:(\d{1,4})$/.exec(intent);
  if (!match) return null;
  return { kind: match[1] as "remove" | "up" | "down", index: Number(match[2]) };
}

/** Applies a row command to the rows (pure: the same function serves the page with and without JavaScript). */
export function applyRowCommand(lines: EditorLine[], command: RowCommand, productLine: (productId: string) => EditorLine | null): EditorLine[] {
  const next = [...lines];
  switch (command.kind) {
    case "add":
      if (next.length >= MAX_QUOTE_LINES) return next;
      next.push((command.productId && productLine(command.productId)) || blankEditorLine());
      return next;
    case "remove":
      next.splice(command.index, 1);
      return next;
    case "up":
    case "down": {
      const target = command.kind === "up" ? command.index - 1 : command.index + 1;
      if (command.index < 0 || command.index >= next.length || target < 0 || target >= next.length) return next;
      [next[command.index], next[target]] = [next[target]!, next[command.index]!];
      return next;
    }
  }
}
