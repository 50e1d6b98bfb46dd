import { countMatchingContacts, matchingContactIds, segmentSqlContext } from "~/lib/sqlite-segments.server";
import type { SegmentDefinition } from "./segment-definition";
import type { SqlFragment } from "./segment-condition";
import { compileSegment } from "./segment-compiler";
import { conditionKind } from "./segment-conditions.server";

/**
 * Evaluating segments where they are used (builder, campaign preview, launch): compiled to SQL at
 * that moment, so a segment always reflects today's data.
 */

export function segmentPredicate(definition: SegmentDefinition, now = new Date()): SqlFragment {
  return compileSegment(definition, conditionKind, segmentSqlContext(now));
}

export async function countSegment(definition: SegmentDefinition, now = new Date()): Promise<number> {
  return countMatchingContacts(segmentPredicate(definition, now));
}

/** Matching contact ids in id order, a page at a time. */
export async function segmentContactIds(definition: SegmentDefinition, page: { afterId: string | null; limit: number }, now = new Date()): Promise<string[]> {
  return matchingContactIds(segmentPredicate(definition, now), page);
}
