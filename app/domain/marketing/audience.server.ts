import { db } from "~/lib/db.server";
import { countContactsBy } from "~/lib/sqlite-segments.server";
import { consentStates, isMailable, isSuppressed, type ConsentState } from "./consent/consent-states";
import { primaryConsentStateSql } from "./segments/conditions/marketing-conditions";

/**
 * Who marketing may write to: contacts by the consent state of their primary address (the one
 * campaigns write to), mailable / suppressed (by reason) / without consent, and the consent
 * changes of the last 30 days by new state.
 */
export async function audienceSummary(now = new Date()) {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [byValue, changes] = await Promise.all([
    countContactsBy({ sql: primaryConsentStateSql, values: [] }),
    db().marketingConsentChange.groupBy({ by: ["state"], where: { at: { gte: since } }, _count: { _all: true } }),
  ]);
  const byState = consentStates.map((state) => ({ state, contacts: byValue.find((row) => row.value === state)?.contacts ?? 0 }));
  const total = (keep: (state: ConsentState) => boolean) => byState.filter((row) => keep(row.state)).reduce((sum, row) => sum + row.contacts, 0);
  return {
    contacts: total(() => true),
    mailable: total(isMailable),
    suppressed: total(isSuppressed),
    noConsent: total((state) => state === "none"),
    byState,
    changes: consentStates.map((state) => ({ state, changes: changes.find((row) => row.state === state)?._count._all ?? 0 })).filter((row) => row.changes > 0),
  };
}
