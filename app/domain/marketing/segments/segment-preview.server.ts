import { db } from "~/lib/db.server";
import { evaluateForContact, segmentSqlContext } from "~/lib/sqlite-segments.server";
import type { ConditionDescription } from "./segment-condition";
import { conditionKind } from "./segment-conditions.server";
import type { SegmentDefinition } from "./segment-definition";
import { countSegment, segmentContactIds, segmentPredicate } from "./segment-evaluation.server";

/**
 * What the builder shows while a segment is edited (saved or not): the count, a sample of
 * matching contacts, and for one contact "why is this person in the segment". The definition
 * must have passed checkDefinition (segments.server.ts).
 */

export const SAMPLE_SIZE = 10;

export type SampleContact = { id: string; name: string; company: string | null; email: string | null };

const contactSelect = {
  id: true,
  firstName: true,
  lastName: true,
  company: { select: { name: true } },
  emails: { orderBy: [{ isPrimary: "desc" as const }, { address: "asc" as const }], take: 1, select: { address: true } },
};
type ContactRow = { id: string; firstName: string; lastName: string; company: { name: string } | null; emails: Array<{ address: string }> };
const sampleContact = (row: ContactRow): SampleContact => ({
  id: row.id,
  name: `${row.firstName} ${row.lastName}`.trim(),
  company: row.company?.name ?? null,
  email: row.emails[0]?.address ?? null,
});

export async function previewSegment(definition: SegmentDefinition, now = new Date()): Promise<{ count: number; sample: SampleContact[] }> {
  const [count, ids] = await Promise.all([countSegment(definition, now), segmentContactIds(definition, { afterId: null, limit: SAMPLE_SIZE }, now)]);
  const rows = await db().contact.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: contactSelect });
  return { count, sample: rows.map(sampleContact) };
}

/** Contacts whose name or address contains the search, for the "why" picker. */
export async function contactsForWhy(search: string): Promise<SampleContact[]> {
  const text = search.trim().slice(0, 100);
  if (!text) return [];
  const words = text.split(/\s+/).slice(0, 3);
  const rows = await db().contact.findMany({
    where: {
      AND: words.map((word) => ({
        OR: [{ firstName: { contains: word } }, { lastName: { contains: word } }, { emails: { some: { address: { contains: word.toLowerCase() } } } }],
      })),
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: 6,
    select: contactSelect,
  });
  return rows.map(sampleContact);
}

export type WhyCondition = { description: string; value: string; met: boolean; negate: boolean };
export type WhyExplanation = {
  contact: SampleContact;
  groups: Array<{ match: "all" | "any"; result: boolean; conditions: WhyCondition[] }>;
  result: boolean;
};

/** Each condition with its description, the contact's value and whether it holds; the groups' and the segment's results. */
export async function explainForContact(definition: SegmentDefinition, contactId: string, describe: ConditionDescription, now = new Date()): Promise<WhyExplanation | null> {
  const row = await db().contact.findUnique({ where: { id: contactId }, select: contactSelect });
  if (!row) return null;
  const context = segmentSqlContext(now);
  const groups: WhyExplanation["groups"] = [];
  for (const group of definition.groups) {
    const conditions: WhyCondition[] = [];
    for (const condition of group.conditions) {
      const kind = conditionKind(condition.kind);
      if (!kind) continue;
      const params = kind.params.parse(condition.params);
      const evaluated = await evaluateForContact(contactId, kind.predicate(params, context), kind.value(params, context));
      const holds = evaluated?.matches ?? false;
      conditions.push({
        description: kind.describe(params, describe),
        value: kind.displayValue(evaluated?.value ?? null, params, describe),
        met: condition.negate ? !holds : holds,
        negate: Boolean(condition.negate),
      });
    }
    if (conditions.length === 0) continue;
    groups.push({ match: group.match, conditions, result: group.match === "all" ? conditions.every((entry) => entry.met) : conditions.some((entry) => entry.met) });
  }
  // The segment's own answer comes from its compiled SQL, the same as the count.
  const overall = await evaluateForContact(contactId, segmentPredicate(definition, now), { sql: "NULL", values: [] });
  return { contact: sampleContact(row), groups, result: overall?.matches ?? false };
}
