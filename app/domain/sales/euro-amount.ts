/**
 * Amounts in euros as people type them in France — "12 500,50", "12500.5", "1 200 €" — read
 * into integer cents without going through a float, and written back for an input.
 */

/** The largest deal amount: 20 million euros (amounts are stored as 32-bit cents). */
export const MAX_AMOUNT_CENTS = 2_000_000_000;

export type EuroAmountResult = { ok: true; cents: number } | { ok: false; error: "format" | "decimals" | "tooLarge" };

// Spaces of every kind people and formatters use between thousands: space, no-break, narrow no-break, thin.
const GROUP_SPACES = /[\s\u00a0\u202f\u2009]/g;

export function parseEuroAmount(typed: string): EuroAmountResult {
  let text = typed.trim().replace(/(?:€|eur|euros?)$/i, "").replace(GROUP_SPACES, "");
  if (text.includes(",")) {
    // A comma is the decimal separator; dots before it may only group thousands ("12.500,50").
    const [whole, ...rest] = text.split(",");
    if (rest.length !== 1) return { ok: false, error: "format" };
    if (whole!.includes(".")) {
      if (!/^\d{1,3}(?:\.\d{3})+$/.test(whole!)) return { ok: false, error: "format" };
      text = `${whole!.replace(/\./g, "")}.${rest[0]}`;
    } else text = `${whole}.${rest[0]}`;
  }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, error: "format" };
  const [, whole, decimals = ""] = match;
  if (decimals.length > 2) return { ok: false, error: "decimals" };
  const digits = whole!.replace(/^0+(?=\d)/, "");
  if (digits.length > 9) return { ok: false, error: "tooLarge" };
  const cents = Number(digits) * 100 + Number(decimals.padEnd(2, "0"));
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, error: "tooLarge" };
  return { ok: true, cents };
}

/** "12 500,50" (plain spaces, comma), the way the amount field shows a stored amount; "" for 0. */
export function formatEuroInput(cents: number): string {
  if (!cents) return "";
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return rest === 0 ? grouped : `${grouped},${String(rest).padStart(2, "0")}`;
}

/** Euros for display formatters (Intl): exact for every amount we store. */
export function centsToEuros(cents: number): number {
  return cents / 100;
}
