import PDFDocument from "pdfkit";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { translator, type TranslationParams } from "~/lib/i18n/translate";
import { intlTag } from "~/lib/i18n/locales";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { formatCents, formatPercent, formatQuantity } from "./money";
import type { QuoteDocument } from "./quotes.server";
import { formatIban, sellerLegalLines } from "./seller-identity";

/**
 * The quote as a PDF (pdfkit, A4): the seller's identity with its legal mentions, the customer,
 * number and dates, the lines (reference, description, quantity, unit, unit price, discount, VAT
 * rate, total excl. VAT), totals excl. VAT, VAT per rate and incl. VAT, payment terms, late-payment
 * penalties and the 40 € recovery indemnity, and a "Bon pour accord" signature block. In the
 * quote's language (its contact's), fr-FR formats for French.
 *
 * pdfkit's standard fonts encode text in WinAnsi: French accents, œ, « », € and the no-break
 * space are there; anything else a person typed (emoji, other scripts) is replaced, never lost
 * silently in a broken glyph (pdfText).
 */

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 50, right: 50, top: 45, bottom: 75 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const COLOURS = { text: "#0f172a", muted: "#475569", rule: "#cbd5e1", header: "#f1f5f9", accent: "#1d4ed8", draft: "#b91c1c" };

const columns = [
  { key: "reference", width: 58, align: "left" },
  { key: "description", width: 157, align: "left" },
  { key: "quantity", width: 42, align: "right" },
  { key: "unit", width: 42, align: "left" },
  { key: "unitPrice", width: 62, align: "right" },
  { key: "discount", width: 38, align: "right" },
  { key: "vatRate", width: 36, align: "right" },
  { key: "total", width: 60, align: "right" },
] as const;

/** WinAnsi (cp1252) beyond Latin-1: the characters the standard fonts add in 0x80–0x9F. */
const winAnsiExtras = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard PDF fonts can draw: narrow no-break spaces become no-break spaces, accents outside Latin-1 are dropped, the rest becomes "?". */
export function pdfText(text: string): string {
  let out = "";
  for (const character of text.normalize("NFC").replace(/\u202f/g, "\u00a0").replace(/\r\n?/g, "\n")) {
    const code = character.codePointAt(0)!;
    if (character === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(character)) {
      out += character;
      continue;
    }
    if (character === "\t") {
      out += " ";
      continue;
    }
    const base = character.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    out += base && [...base].every((part) => part.codePointAt(0)! <= 0xff) ? base : "?";
  }
  return out;
}

export function quotePdfFilename(number: string): string {
  return `${number}.pdf`;
}

type Doc = PDFKit.PDFDocument;

export async function renderQuotePdf(quote: QuoteDocument): Promise<Buffer> {
  const locale = quote.language;
  const translate = translator(locale);
  const t = (key: MessageKey, params?: TranslationParams) => pdfText(translate(key, params));
  const dateFormat = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: "long", timeZone: WORKSPACE_TIME_ZONE });
  const date = (value: Date) => pdfText(dateFormat.format(value));
  const euros = (cents: number) => formatCents(cents, locale, { forPdf: true });
  const seller = quote.seller;

  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: t("sales.pdf.documentTitle", { number: quote.number }),
      Author: pdfText(seller?.legalName ?? ""),
      Subject: pdfText(quote.customer.name),
      CreationDate: quote.issueDate,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.fillColor(COLOURS.text);

  // ── header: seller (left), title, number and dates (right) ──
  const top = MARGIN.top;
  const rightX = MARGIN.left + 290;
  const rightWidth = CONTENT_WIDTH - 290;
  doc.font("Helvetica-Bold").fontSize(13).text(pdfText(seller?.legalName ?? t("sales.pdf.sellerMissing")), MARGIN.left, top, { width: 270 });
  doc.font("Helvetica").fontSize(9).fillColor(COLOURS.muted);
  if (seller) {
    const address = [seller.street, `${seller.postalCode} ${seller.city}`.trim(), seller.country !== "FR" ? seller.country : ""].filter(Boolean);
    for (const line of address) doc.text(pdfText(line), { width: 270 });
    const reach = [seller.phone, seller.email].filter(Boolean).join(" · ");
    if (reach) doc.text(pdfText(reach), { width: 270 });
  }
  const sellerBottom = doc.y;

  doc.fillColor(COLOURS.accent).font("Helvetica-Bold").fontSize(20).text(t("sales.pdf.title"), rightX, top, { width: rightWidth, align: "right" });
  doc.fillColor(COLOURS.text).font("Helvetica-Bold").fontSize(11).text(pdfText(quote.number), { width: rightWidth, align: "right" });
  doc.font("Helvetica").fontSize(9);
  doc.text(t("sales.pdf.issueDate", { date: date(quote.issueDate) }), { width: rightWidth, align: "right" });
  doc.text(t("sales.pdf.validUntil", { date: date(quote.validUntil) }), { width: rightWidth, align: "right" });
  if (quote.status === "draft") {
    doc.moveDown(0.3).fillColor(COLOURS.draft).font("Helvetica-Bold").text(t("sales.pdf.draft"), { width: rightWidth, align: "right" });
  }
  doc.fillColor(COLOURS.text);
  const headerBottom = Math.max(sellerBottom, doc.y) + 18;

  // ── customer (right, framed) and who follows the quote (left) ──
  const customer = quote.customer;
  const customerLines = [
    customer.contactName ? t("sales.pdf.attention", { name: pdfText(customer.contactName) }) : "",
    pdfText(customer.street),
    pdfText(`${customer.postalCode} ${customer.city}`.trim()),
    customer.country && customer.country !== "FR" ? pdfText(customer.country) : "",
    pdfText(customer.contactEmail),
  ].filter(Boolean);
  doc.font("Helvetica").fontSize(9);
  const nameHeight = doc.font("Helvetica-Bold").fontSize(11).heightOfString(pdfText(customer.name), { width: rightWidth - 20 });
  doc.font("Helvetica").fontSize(9);
  const boxHeight = 24 + nameHeight + customerLines.reduce((sum, line) => sum + doc.heightOfString(line, { width: rightWidth - 20 }), 0) + 8;
  doc.lineWidth(0.7).strokeColor(COLOURS.rule).roundedRect(rightX, headerBottom, rightWidth, boxHeight, 4).stroke();
  doc.fillColor(COLOURS.muted).fontSize(8).text(t("sales.pdf.customer").toUpperCase(), rightX + 10, headerBottom + 8, { width: rightWidth - 20 });
  doc.fillColor(COLOURS.text).font("Helvetica-Bold").fontSize(11).text(pdfText(customer.name), { width: rightWidth - 20 });
  doc.font("Helvetica").fontSize(9);
  for (const line of customerLines) doc.text(line, { width: rightWidth - 20 });
  doc.fillColor(COLOURS.muted).fontSize(9).text(t("sales.pdf.followedBy", { name: pdfText(quote.owner.name) }), MARGIN.left, headerBottom + 8, { width: 260 });
  doc.fillColor(COLOURS.text);
  let y = headerBottom + boxHeight + 22;

  // ── lines ──
  const cell = (line: QuoteDocument["lines"][number]): Record<(typeof columns)[number]["key"], string> => ({
    reference: pdfText(line.reference),
    description: pdfText(line.description),
    quantity: formatQuantity(line.quantityMilli, locale, { forPdf: true }),
    unit: t(`sales.unit.${line.unit}` as MessageKey),
    unitPrice: euros(line.unitPriceCents),
    discount: line.discountBps > 0 ? formatPercent(line.discountBps, locale, { forPdf: true }) : "—",
    vatRate: formatPercent(line.vatRateBps, locale, { forPdf: true }),
    total: euros(line.totalExclCents),
  });
  const drawHeaderRow = () => {
    doc.font("Helvetica-Bold").fontSize(8);
    const height = Math.max(...columns.map((column) => doc.heightOfString(t(`sales.pdf.col.${column.key}` as MessageKey), { width: column.width - 6 }))) + 8;
    doc.rect(MARGIN.left, y, CONTENT_WIDTH, height).fill(COLOURS.header);
    doc.fillColor(COLOURS.text);
    let x = MARGIN.left;
    for (const column of columns) {
      doc.text(t(`sales.pdf.col.${column.key}` as MessageKey), x + 3, y + 4, { width: column.width - 6, align: column.align });
      x += column.width;
    }
    y += height;
  };
  drawHeaderRow();
  doc.font("Helvetica").fontSize(8.5);
  for (const line of quote.lines) {
    const values = cell(line);
    const height = Math.max(...columns.map((column) => doc.heightOfString(values[column.key] || " ", { width: column.width - 6 }))) + 8;
    if (y + height > BOTTOM) {
      doc.addPage();
      y = MARGIN.top;
      drawHeaderRow();
      doc.font("Helvetica").fontSize(8.5);
    }
    let x = MARGIN.left;
    for (const column of columns) {
      doc.text(values[column.key], x + 3, y + 4, { width: column.width - 6, align: column.align });
      x += column.width;
    }
    y += height;
    doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
  }

  // ── totals ──
  const totalRows: Array<{ label: string; value: string; strong?: boolean }> = [
    { label: t("sales.pdf.totalExcl"), value: euros(quote.totals.totalExclCents) },
    ...quote.totals.vatByRate.map((rate) => ({
      label: t("sales.pdf.vatLine", { rate: formatPercent(rate.rateBps, locale, { forPdf: true }), base: euros(rate.baseCents) }),
      value: euros(rate.vatCents),
    })),
    { label: t("sales.pdf.totalVat"), value: euros(quote.totals.totalVatCents) },
    { label: t("sales.pdf.totalIncl"), value: euros(quote.totals.totalInclCents), strong: true },
  ];
  const totalsHeight = totalRows.length * 16 + 12;
  y += 12;
  if (y + totalsHeight > BOTTOM) {
    doc.addPage();
    y = MARGIN.top;
  }
  const totalsX = MARGIN.left + CONTENT_WIDTH - 250;
  for (const row of totalRows) {
    if (row.strong) {
      doc.rect(totalsX, y - 3, 250, 18).fill(COLOURS.header);
      doc.fillColor(COLOURS.text);
    }
    doc.font(row.strong ? "Helvetica-Bold" : "Helvetica").fontSize(row.strong ? 10 : 9);
    doc.text(row.label, totalsX + 6, y, { width: 160 });
    doc.text(row.value, totalsX + 166, y, { width: 78, align: "right" });
    y += 16;
  }
  y += 14;

  // ── terms and mentions ──
  const terms = [
    { title: t("sales.pdf.paymentTerms"), text: pdfText(quote.paymentTerms || seller?.paymentTerms || "") },
    { title: t("sales.pdf.validity"), text: t("sales.pdf.validityText", { date: date(quote.validUntil) }) },
    { title: t("sales.pdf.latePenalty"), text: pdfText(seller?.latePenalty ?? "") },
    { title: t("sales.pdf.recoveryIndemnityTitle"), text: t("sales.pdf.recoveryIndemnity") },
    ...(seller?.iban ? [{ title: t("sales.pdf.bank"), text: t("sales.pdf.bankText", { iban: formatIban(seller.iban), bic: seller.bic }) }] : []),
    ...(quote.notes ? [{ title: t("sales.pdf.notes"), text: pdfText(quote.notes) }] : []),
  ].filter((term) => term.text);
  doc.x = MARGIN.left;
  for (const term of terms) {
    doc.font("Helvetica-Bold").fontSize(8.5);
    const titleHeight = doc.heightOfString(term.title, { width: CONTENT_WIDTH });
    doc.font("Helvetica").fontSize(8.5);
    const textHeight = doc.heightOfString(term.text, { width: CONTENT_WIDTH });
    if (y + titleHeight + textHeight > BOTTOM) {
      doc.addPage();
      y = MARGIN.top;
    }
    doc.font("Helvetica-Bold").fontSize(8.5).fillColor(COLOURS.text).text(term.title, MARGIN.left, y, { width: CONTENT_WIDTH });
    doc.font("Helvetica").fillColor(COLOURS.muted).text(term.text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    y = doc.y + 6;
  }
  doc.fillColor(COLOURS.text);

  // ── signature ──
  const signatureHeight = 95;
  y += 8;
  if (y + signatureHeight > BOTTOM) {
    doc.addPage();
    y = MARGIN.top;
  }
  const signatureX = MARGIN.left + CONTENT_WIDTH - 250;
  doc.lineWidth(0.7).strokeColor(COLOURS.rule).roundedRect(signatureX, y, 250, signatureHeight, 4).stroke();
  doc.font("Helvetica-Bold").fontSize(10).text(t("sales.pdf.signatureTitle"), signatureX + 10, y + 8, { width: 230 });
  doc.font("Helvetica").fontSize(8).fillColor(COLOURS.muted).text(t("sales.pdf.signatureHint"), signatureX + 10, doc.y + 2, { width: 230 });
  doc.fillColor(COLOURS.text);

  // ── footer of every page: legal identity and page number ──
  const legal = seller ? [pdfText(seller.legalName), ...sellerLegalLines(seller, (key, params) => t(key, params))].join(" · ") : "";
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing below the bottom margin must not open a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    let footerY = PAGE.height - 60;
    doc.font("Helvetica").fontSize(7).fillColor(COLOURS.muted);
    if (legal) {
      doc.text(legal, MARGIN.left, footerY, { width: CONTENT_WIDTH, align: "center" });
      footerY = doc.y;
    }
    if (seller?.footer) {
      doc.text(pdfText(seller.footer), MARGIN.left, footerY, { width: CONTENT_WIDTH, align: "center" });
      footerY = doc.y;
    }
    doc.text(t("sales.pdf.page", { page: index - range.start + 1, count: range.count }), MARGIN.left, footerY + 2, { width: CONTENT_WIDTH, align: "center" });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return finished;
}
