/**
 * Marketing audience of the demo workspace: the consent of each contact's primary address, with
 * its history (explicit opt-ins from the web form, a trade show or an import; professional
 * interest for business contacts; a few unsubscribed, bounced and one complaint, each with the
 * lines that led there), and two saved segments that make sense on the demo's data.
 *
 * Written directly like the rest of the demo (no events: nothing listens while seeding), in the
 * shapes changeConsent and createSegment write.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { DemoWorkspace } from "./demo-workspace.ts";

type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const DAY = 86_400_000;

type ConsentLine = { state: string; source: string; basis?: string; note?: string; at: Date };

/** « Industrie sans ticket récent ou satisfaits »: industrial customers who are quiet or happy. */
export const demoIndustrySegment = {
  name: "Industrie sans ticket récent ou satisfaits",
  description: "Sociétés industrielles : contacts sans ticket depuis 90 jours, ou dont la dernière évaluation est bonne.",
  definition: {
    match: "all",
    groups: [
      { match: "all", conditions: [{ kind: "company.sector", params: { sectors: ["industry"] } }] },
      {
        match: "any",
        conditions: [
          { kind: "service.tickets", params: { comparison: "none", days: 90, types: [], channels: [] } },
          { kind: "service.lastRating", params: { rating: "good" } },
        ],
      },
    ],
  },
};

/**
 * « Clients sous contrat en Auvergne-Rhône-Alpes »: the demo's companies are spread over the
 * regions and none is in Île-de-France, so the regional example is the one with customers.
 */
export const demoRegionSegment = {
  name: "Clients sous contrat en Auvergne-Rhône-Alpes",
  description: "Clients avec un contrat de maintenance en vigueur, dans l'Ain, l'Isère, la Loire, le Puy-de-Dôme ou le Rhône.",
  definition: {
    match: "all",
    groups: [
      {
        match: "all",
        conditions: [
          { kind: "company.lifecycleStage", params: { stages: ["client"] } },
          { kind: "sales.contract", params: { state: "active" } },
        ],
      },
      { match: "any", conditions: ["01", "38", "42", "63", "69"].map((code) => ({ kind: "company.postalCode", params: { code } })) },
    ],
  },
};

export async function seedDemoMarketingAudience(tx: TransactionClient, plan: DemoWorkspace, now: Date): Promise<{ consents: number; segments: number }> {
  const marketer = plan.users.find((user) => user.role === "marketing") ?? plan.users[0];
  const primary = new Map(plan.contactEmails.filter((email) => email.isPrimary).map((email) => [email.contactId, email.address]));
  const histories: Array<{ contactId: string; address: string; lines: ConsentLine[] }> = [];
  const sourceOf: Record<string, { source: string; basis: string }> = {
    web_form: { source: "form", basis: "" },
    trade_show: { source: "manual", basis: "Carte remplie sur notre stand au salon Industrie Lyon" },
    import: { source: "import", basis: "Fichier clients 2023, consentement recueilli à la commande" },
  };
  const contacts = plan.contacts.filter((contact) => primary.has(contact.id));
  contacts.forEach((contact, index) => {
    const address = primary.get(contact.id)!;
    const created = contact.createdAt.getTime();
    const moment = (share: number) => new Date(created + share * Math.max(now.getTime() - DAY - created, DAY));
    const lines: ConsentLine[] = [];
    if (contact.marketingConsent) {
      const origin = sourceOf[contact.consentSource] ?? { source: "manual", basis: "Accord donné par téléphone" };
      lines.push({ state: "opt_in", source: origin.source, basis: origin.basis, at: contact.consentAt ?? moment(0.3) });
    } else if (contact.companyId && index % 3 !== 0) {
      lines.push({ state: "b2b_interest", source: "manual", basis: "Contact professionnel d'un client ou prospect (intérêt légitime B2B)", at: moment(0.2) });
    }
    // A few suppressions, each after the consent it ends (never before the line it follows).
    const after = (share: number) => new Date(Math.min(now.getTime() - DAY / 2, Math.max(moment(share).getTime(), (lines[lines.length - 1]?.at.getTime() ?? 0) + DAY)));
    if (index % 17 === 5 && lines.length > 0) lines.push({ state: "unsubscribed", source: "unsubscribe", note: "Trop de messages", at: after(0.8) });
    else if (index % 23 === 7) lines.push({ state: "bounced", source: "bounce", note: "550 5.1.1 Adresse inconnue", at: after(0.7) });
    else if (index === 11 && lines.length > 0) lines.push({ state: "complained", source: "complaint", note: "Signalé comme indésirable par la messagerie", at: after(0.9) });
    if (lines.length > 0) histories.push({ contactId: contact.id, address, lines });
  });
  // Two recent changes so the overview's last 30 days are not empty.
  for (const history of histories.slice(0, 2)) {
    const last = history.lines[history.lines.length - 1];
    if (last.state === "b2b_interest") history.lines.push({ state: "opt_in", source: "portal", at: new Date(now.getTime() - 4 * DAY) });
  }

  for (const history of histories) {
    let previous: string | null = null;
    for (const line of history.lines) {
      await tx.marketingConsentChange.create({
        data: {
          address: history.address,
          contactId: history.contactId,
          previousState: previous,
          state: line.state,
          source: line.source,
          basis: line.basis ?? "",
          note: line.note ?? "",
          actorId: line.source === "manual" || line.source === "import" ? marketer.id : null,
          at: line.at,
        },
      });
      previous = line.state;
    }
    const last = history.lines[history.lines.length - 1];
    await tx.marketingConsent.upsert({
      where: { address: history.address },
      create: { address: history.address, contactId: history.contactId, state: last.state, source: last.source, basis: last.basis ?? "", changedAt: last.at, changedById: last.source === "manual" || last.source === "import" ? marketer.id : null },
      update: { state: last.state, source: last.source, basis: last.basis ?? "", changedAt: last.at },
    });
  }

  for (const [index, segment] of [demoIndustrySegment, demoRegionSegment].entries()) {
    const at = new Date(now.getTime() - (10 - index) * DAY);
    await tx.segment.create({
      data: { id: `demo_segment_${index + 1}`, name: segment.name, description: segment.description, definition: JSON.stringify(segment.definition), createdById: marketer.id, createdAt: at, updatedAt: at },
    });
  }
  return { consents: histories.length, segments: 2 };
}
