import { companySectors } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";

/** Who marketing may write to: contacts with recorded consent, overall and by sector. */
export async function audienceSummary() {
  const [contacts, consented, bySector] = await Promise.all([
    db().contact.count(),
    db().contact.count({ where: { marketingConsent: true } }),
    Promise.all(
      companySectors.map(async (sector) => ({
        sector,
        consented: await db().contact.count({ where: { marketingConsent: true, company: { sector } } }),
        total: await db().contact.count({ where: { company: { sector } } }),
      })),
    ),
  ]);
  return { contacts, consented, consentRate: contacts === 0 ? 0 : consented / contacts, bySector };
}
