/**
 * The demo's sales history: the deals won and lost over the fifteen months before the recent ones
 * of sales-demo.ts, so the dashboard's order intake has months to compare (and the same months a
 * year earlier), the win rate and the sales cycle a history. Won deals get their accepted quote
 * and order like the recent ones (sales-demo.ts numbers them per year, in date order).
 * Deterministic: everything derives from the position in the list and from `now`.
 */
import { toZoned, weekdayIndex } from "../../app/domain/helpdesk/sla/business-calendar.ts";

type WonSpec = { company: number; title: string; product: number; quantity: number; discountBps: number; ageDays: number; wonDaysAgo: number; source: string };
type LostSpec = { company: number; title: string; euros: number; reason: string; ageDays: number; lostDaysAgo: number };

/** Client companies of the demo list followed by the sales rep (no prospect, not the former client). */
const clientCompanies = [0, 1, 3, 4, 6, 7, 9, 10, 12];

/** What an SME's IT provider sells: product index in demoProducts, a quantity, a title. */
const purchases: Array<{ product: number; quantity: number; title: string; discountBps: number }> = [
  { product: 0, quantity: 1, title: "Contrat de maintenance Standard", discountBps: 0 },
  { product: 3, quantity: 4, title: "Renouvellement de {n} postes de travail", discountBps: 500 },
  { product: 5, quantity: 2, title: "Formation des équipes ({n} jours)", discountBps: 0 },
  { product: 2, quantity: 12, title: "Forfait d'interventions sur site ({n} h)", discountBps: 0 },
  { product: 4, quantity: 2, title: "{n} terminaux de caisse", discountBps: 300 },
  { product: 1, quantity: 1, title: "Contrat de maintenance Premium", discountBps: 500 },
  { product: 3, quantity: 2, title: "Postes de l'accueil ({n})", discountBps: 0 },
  { product: 2, quantity: 6, title: "Câblage et mise en service ({n} h)", discountBps: 0 },
];

/** Deals won per month, oldest first (month 15 back to month 2 back): a seasonal SME. */
const wonPerMonth = [2, 3, 1, 2, 3, 2, 4, 3, 2, 2, 1, 3, 2, 3];
const lossReasons = ["loss_price", "loss_competitor", "loss_no_budget", "loss_no_decision", "loss_timing"];
const sources = ["referral", "website", "inbound_call", "trade_show", "existing_client"];

/** Days back to a weekday on or before `daysAgo` days before `now` (Paris). */
function weekdayBack(now: Date, daysAgo: number): number {
  let days = daysAgo;
  while (weekdayIndex(toZoned(new Date(now.getTime() - days * 86_400_000), "Europe/Paris").date) > 4) days += 1;
  return days;
}

/** A company of the list that existed when the deal was opened (`ageDays` before now), starting at `from` in the cycle. */
function companyFor(from: number, ageDays: number, now: Date, companyCreatedAt: (index: number) => Date): number {
  for (let step = 0; step < clientCompanies.length; step += 1) {
    const index = clientCompanies[(from + step) % clientCompanies.length]!;
    if (companyCreatedAt(index).getTime() <= now.getTime() - ageDays * 86_400_000) return index;
  }
  return clientCompanies[from % clientCompanies.length]!;
}

export function demoSalesHistory(now: Date, companyCreatedAt: (index: number) => Date): { won: WonSpec[]; lost: LostSpec[] } {
  const won: WonSpec[] = [];
  const lost: LostSpec[] = [];
  let n = 0;
  for (const [index, count] of wonPerMonth.entries()) {
    const monthsBack = wonPerMonth.length + 1 - index;
    for (let k = 0; k < count; k += 1) {
      const purchase = purchases[n % purchases.length]!;
      // Now and then twice as much (never two maintenance contracts).
      const quantity = purchase.quantity * (n % 3 === 0 && purchase.product > 1 ? 2 : 1);
      const wonDaysAgo = weekdayBack(now, monthsBack * 30 + ((n * 7) % 26));
      const ageDays = wonDaysAgo + 18 + ((n * 11) % 45);
      won.push({
        company: companyFor(n, ageDays, now, companyCreatedAt),
        title: purchase.title.replace("{n}", String(quantity)),
        product: purchase.product,
        quantity,
        discountBps: purchase.discountBps,
        ageDays,
        wonDaysAgo,
        source: sources[n % sources.length]!,
      });
      n += 1;
    }
    // About one deal lost for two won.
    if (index % 2 === 0 || count >= 3) {
      const lostDaysAgo = weekdayBack(now, monthsBack * 30 + ((index * 5) % 20));
      const ageDays = lostDaysAgo + 20 + ((index * 13) % 40);
      lost.push({
        company: companyFor(index * 5 + 3, ageDays, now, companyCreatedAt),
        title: ["Migration de la messagerie", "Vidéosurveillance du dépôt", "Téléphonie IP", "Logiciel de planning", "Écrans d'affichage en vitrine"][index % 5]!,
        euros: 2_000 + ((index * 1_700) % 9_000),
        reason: lossReasons[index % lossReasons.length]!,
        ageDays,
        lostDaysAgo,
      });
    }
  }
  return { won, lost };
}
