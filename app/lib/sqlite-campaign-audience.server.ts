import type { SqlFragment } from "~/domain/marketing/segments/segment-condition";
import { db, type TransactionClient } from "./db.server";

/**
 * A campaign's audience on SQLite (ADR 002): the union of its segments' predicates, each
 * contact's primary address, and the reason it is left out (or none). One query serves the
 * exclusions preview, its paged list and the launch (INSERT … SELECT of every recipient row, so
 * 200,000 contacts never pass through JavaScript). The reasons, in order of precedence:
 * no address; suppressed (the consent state itself: unsubscribed / bounced / complained); no
 * consent (not a mailable state); an open urgent or high incident or complaint of the contact or
 * of their company (when the campaign asks for it).
 */

export type AudienceOptions = {
  /** The union of the campaign's segments (one predicate over contact alias `c`). */
  predicate: SqlFragment;
  excludeOpenIncidents: boolean;
  suppressedStates: readonly string[];
  mailableStates: readonly string[];
  openTicketStatuses: readonly string[];
  incidentTypes: readonly string[];
  incidentPriorities: readonly string[];
};

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** The address a campaign row gets when the contact has none (the row's address is unique per campaign and never mailed). */
export const NO_ADDRESS_PREFIX = "no-address:";

function classifiedAudience(options: AudienceOptions): SqlFragment {
  const openTickets = `t."status" IN (${placeholders(options.openTicketStatuses)}) AND t."type" IN (${placeholders(options.incidentTypes)}) AND t."priority" IN (${placeholders(options.incidentPriorities)}) AND t."mergedIntoId" IS NULL`;
  const ticketValues = [...options.openTicketStatuses, ...options.incidentTypes, ...options.incidentPriorities];
  const sql = `
    WITH audience AS (
      SELECT c."id" AS contactId, c."companyId" AS companyId, c."firstName" AS firstName, c."lastName" AS lastName,
        (SELECT e."address" FROM "ContactEmail" e WHERE e."contactId" = c."id" ORDER BY e."isPrimary" DESC, e."address" LIMIT 1) AS address
      FROM "Contact" c WHERE (${options.predicate.sql})
    ),
    angry_contacts AS (SELECT t."requesterId" AS id FROM "Ticket" t WHERE ${openTickets}),
    angry_companies AS (SELECT t."companyId" AS id FROM "Ticket" t WHERE ${openTickets} AND t."companyId" IS NOT NULL),
    classified AS (
      SELECT a.contactId, a.companyId, a.firstName, a.lastName, a.address,
        CASE
          WHEN a.address IS NULL THEN 'no_address'
          WHEN mc."state" IN (${placeholders(options.suppressedStates)}) THEN mc."state"
          WHEN COALESCE(mc."state", 'none') NOT IN (${placeholders(options.mailableStates)}) THEN 'no_consent'
          WHEN ? = 1 AND (a.contactId IN (SELECT id FROM angry_contacts) OR a.companyId IN (SELECT id FROM angry_companies)) THEN 'open_incident'
          ELSE NULL
        END AS reason
      FROM audience a LEFT JOIN "MarketingConsent" mc ON mc."address" = a.address
    )`;
  return {
    sql,
    values: [...options.predicate.values, ...ticketValues, ...ticketValues, ...options.suppressedStates, ...options.mailableStates, options.excludeOpenIncidents ? 1 : 0],
  };
}

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

/** How many contacts the audience holds, by reason (null = will be mailed). */
export async function countAudienceByReason(options: AudienceOptions, client: TransactionClient = db()): Promise<Array<{ reason: string | null; contacts: number }>> {
  const base = classifiedAudience(options);
  const rows = await client.$queryRawUnsafe<Array<{ reason: string | null; contacts: unknown }>>(`${base.sql} SELECT reason, count(*) AS contacts FROM classified GROUP BY reason`, ...base.values);
  return rows.map((row) => ({ reason: row.reason, contacts: asNumber(row.contacts) }));
}

export type ExcludedContactRow = { contactId: string; firstName: string; lastName: string; address: string | null; companyName: string | null; reason: string };

/** A page of the excluded contacts, by name then id. */
export async function excludedContactsPage(options: AudienceOptions, page: { offset: number; limit: number }): Promise<ExcludedContactRow[]> {
  const base = classifiedAudience(options);
  const rows = await db().$queryRawUnsafe<ExcludedContactRow[]>(
    `${base.sql} SELECT k.contactId AS contactId, k.firstName AS firstName, k.lastName AS lastName, k.address AS address, co."name" AS companyName, k.reason AS reason
     FROM classified k LEFT JOIN "Company" co ON co."id" = k.companyId
     WHERE k.reason IS NOT NULL ORDER BY k.lastName, k.firstName, k.contactId LIMIT ? OFFSET ?`,
    ...base.values,
    page.limit,
    page.offset,
  );
  return rows;
}

/**
 * Writes one CampaignRecipient row per contact of the audience, queued or excluded with its
 * reason, with the merge values of that moment (JSON). Returns the number of rows written.
 */
export async function insertCampaignRecipients(tx: TransactionClient, campaignId: string, options: AudienceOptions, now: Date): Promise<number> {
  const base = classifiedAudience(options);
  return tx.$executeRawUnsafe(
    `INSERT INTO "CampaignRecipient" ("id", "campaignId", "contactId", "address", "status", "exclusionReason", "mergeValues", "createdAt")
     ${base.sql}
     SELECT 'r' || lower(hex(randomblob(12))), ?, k.contactId, COALESCE(k.address, '${NO_ADDRESS_PREFIX}' || k.contactId),
       CASE WHEN k.reason IS NULL THEN 'queued' ELSE 'excluded' END, k.reason,
       json_object('contact.firstName', k.firstName, 'contact.lastName', k.lastName, 'contact.fullName', trim(k.firstName || ' ' || k.lastName),
                   'contact.email', COALESCE(k.address, ''), 'company.name', COALESCE(co."name", '')),
       ?
     FROM classified k LEFT JOIN "Company" co ON co."id" = k.companyId`,
    ...base.values,
    campaignId,
    now,
  );
}
