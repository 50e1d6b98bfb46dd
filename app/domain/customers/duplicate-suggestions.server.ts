import { db } from "~/lib/db.server";
import { contactDisplayName } from "./contacts.server";
import { type DuplicatePair, findCompanyDuplicates, findContactDuplicates, pairKey } from "./duplicates";

/**
 * The Doublons page's read model: every contact and company goes through the pure matchers
 * (duplicates.ts); pairs someone declared "not duplicates" are left out; the likeliest pairs come
 * first, with what the page needs to tell the two records apart.
 */

export const DUPLICATE_PAGE_SIZE = 50;

/**
 * The matchers read every record, which takes seconds on a large base: their result is kept
 * until the records change (the version is cheap to read: counts and the latest update). When
 * the last computation took longer than `STALE_AFTER_MS`, a change does not make the next visitor
 * wait: they get the previous result (minus records merged or deleted since, and dismissed pairs)
 * while a new one is computed in the background, and the page says so. Small workspaces always
 * get a fresh result.
 */
const STALE_AFTER_MS = 1_000;

type CachedMatches = { version: string; pairs: DuplicatePair[]; tookMs: number; refreshing: Promise<void> | null };
const matchCache = new Map<"contact" | "company", CachedMatches>();

/** The pairs, and whether they are the previous result while a newer one is being computed. */
export type MatchedPairs = { pairs: DuplicatePair[]; refreshing: boolean };

async function cachedPairs(
  kind: "contact" | "company",
  version: string,
  compute: () => Promise<DuplicatePair[]>,
  options: { staleAfterMs?: number } = {},
): Promise<MatchedPairs> {
  const cached = matchCache.get(kind);
  if (cached && cached.version === version) return { pairs: cached.pairs, refreshing: false };
  const timed = async (): Promise<CachedMatches> => {
    const started = performance.now();
    const pairs = await compute();
    return { version, pairs, tookMs: performance.now() - started, refreshing: null };
  };
  if (cached && cached.tookMs > (options.staleAfterMs ?? STALE_AFTER_MS)) {
    cached.refreshing ??= timed()
      .then((fresh) => void matchCache.set(kind, fresh))
      .catch((error) => {
        console.error(`[duplicates] the ${kind} suggestions could not be refreshed`, error);
        cached.refreshing = null;
      });
    return { pairs: cached.pairs, refreshing: true };
  }
  const fresh = await timed();
  matchCache.set(kind, fresh);
  return { pairs: fresh.pairs, refreshing: false };
}

/** Waits for background refreshes (tests, shutdown). */
export async function duplicateRefreshesSettled(): Promise<void> {
  await Promise.all([...matchCache.values()].map((entry) => entry.refreshing));
}

async function contactsVersion(): Promise<string> {
  const [contacts, emails] = await Promise.all([db().contact.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }), db().contactEmail.count()]);
  return `${contacts._count._all}:${contacts._max.updatedAt?.getTime() ?? 0}:${emails}`;
}

async function companiesVersion(): Promise<string> {
  const [companies, domains] = await Promise.all([db().company.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }), db().companyDomain.count()]);
  return `${companies._count._all}:${companies._max.updatedAt?.getTime() ?? 0}:${domains}`;
}

async function dismissedPairs(kind: "contact" | "company"): Promise<Set<string>> {
  const rows = await db().duplicateDismissal.findMany({ where: { kind }, select: { firstId: true, secondId: true } });
  return new Set(rows.map((row) => pairKey(row.firstId, row.secondId)));
}

function withoutDismissed(pairs: DuplicatePair[], dismissed: Set<string>): DuplicatePair[] {
  return pairs.filter((pair) => !dismissed.has(pairKey(pair.firstId, pair.secondId)));
}

export async function contactDuplicateSuggestions(limit = DUPLICATE_PAGE_SIZE, options: { staleAfterMs?: number } = {}) {
  const [matched, dismissed] = await Promise.all([
    cachedPairs("contact", await contactsVersion(), async () => {
      // Three flat reads joined here: nested relations would make Prisma send the ids of every
      // contact back as IN lists (seconds on 200,000 contacts).
      const [contacts, emails, companies] = await Promise.all([
        // Erased contacts (GDPR) all bear the same neutral name: never duplicates of anyone.
        db().contact.findMany({ where: { erasedAt: null }, select: { id: true, firstName: true, lastName: true, companyId: true, phone: true } }),
        db().contactEmail.findMany({ select: { contactId: true, address: true } }),
        db().company.findMany({ where: { phone: { not: "" } }, select: { id: true, phone: true } }),
      ]);
      const emailsOf = new Map<string, string[]>();
      for (const email of emails) {
        const list = emailsOf.get(email.contactId);
        if (list) list.push(email.address);
        else emailsOf.set(email.contactId, [email.address]);
      }
      const companyPhones = new Map(companies.map((company) => [company.id, company.phone]));
      return findContactDuplicates(
        contacts.map((contact) => ({
          id: contact.id,
          firstName: contact.firstName,
          lastName: contact.lastName,
          companyId: contact.companyId,
          phone: contact.phone,
          emails: emailsOf.get(contact.id) ?? [],
          companyPhone: contact.companyId ? companyPhones.get(contact.companyId) : undefined,
        })),
      );
    }, options),
    dismissedPairs("contact"),
  ]);
  const pairs = withoutDismissed(matched.pairs, dismissed);
  const shown = pairs.slice(0, limit);
  const ids = [...new Set(shown.flatMap((pair) => [pair.firstId, pair.secondId]))];
  const details = await db().contact.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      phone: true,
      createdAt: true,
      company: { select: { id: true, name: true } },
      emails: { select: { address: true, isPrimary: true }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }] },
    },
  });
  const byId = new Map(
    details.map((contact) => [
      contact.id,
      { ...contact, name: contactDisplayName(contact, contact.emails[0]?.address ?? ""), emails: contact.emails.map((email) => email.address) },
    ]),
  );
  return {
    total: pairs.length,
    /** The pairs come from before the latest changes; newer ones are being computed. */
    refreshing: matched.refreshing,
    // A record merged or deleted a moment ago has no details any more: its pair is gone too.
    pairs: shown.filter((pair) => byId.has(pair.firstId) && byId.has(pair.secondId)).map((pair) => ({ ...pair, first: byId.get(pair.firstId)!, second: byId.get(pair.secondId)! })),
  };
}

export async function companyDuplicateSuggestions(limit = DUPLICATE_PAGE_SIZE, options: { staleAfterMs?: number } = {}) {
  const [matched, dismissed] = await Promise.all([
    cachedPairs("company", await companiesVersion(), async () => {
      const [companies, domains] = await Promise.all([
        db().company.findMany({ select: { id: true, name: true, website: true } }),
        db().companyDomain.findMany({ select: { companyId: true, domain: true } }),
      ]);
      const domainsOf = new Map<string, string[]>();
      for (const row of domains) {
        const list = domainsOf.get(row.companyId);
        if (list) list.push(row.domain);
        else domainsOf.set(row.companyId, [row.domain]);
      }
      return findCompanyDuplicates(companies.map((company) => ({ ...company, domains: domainsOf.get(company.id) ?? [] })));
    }, options),
    dismissedPairs("company"),
  ]);
  const pairs = withoutDismissed(matched.pairs, dismissed);
  const shown = pairs.slice(0, limit);
  const ids = [...new Set(shown.flatMap((pair) => [pair.firstId, pair.secondId]))];
  const details = await db().company.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      name: true,
      city: true,
      website: true,
      createdAt: true,
      domains: { select: { domain: true }, orderBy: { domain: "asc" } },
      _count: { select: { contacts: true } },
    },
  });
  const byId = new Map(
    details.map(({ _count, domains, ...company }) => [company.id, { ...company, domains: domains.map((row) => row.domain), contacts: _count.contacts }]),
  );
  return {
    total: pairs.length,
    /** The pairs come from before the latest changes; newer ones are being computed. */
    refreshing: matched.refreshing,
    // A record merged or deleted a moment ago has no details any more: its pair is gone too.
    pairs: shown.filter((pair) => byId.has(pair.firstId) && byId.has(pair.secondId)).map((pair) => ({ ...pair, first: byId.get(pair.firstId)!, second: byId.get(pair.secondId)! })),
  };
}
