import type { AnyConditionKind } from "./segment-condition";
import { contactLanguageCondition } from "./conditions/contact-conditions";
import { consentStateCondition } from "./conditions/marketing-conditions";

/**
 * Every kind of segment condition, in the order the builder offers them (by family). A kind is
 * one object implementing SegmentConditionKind; service and sales kinds read the helpdesk's and
 * the sales' tables the same way.
 */
export const segmentConditionKinds: readonly AnyConditionKind[] = [contactLanguageCondition, consentStateCondition];

const byKind = new Map(segmentConditionKinds.map((kind) => [kind.kind, kind]));

export function conditionKind(kind: string): AnyConditionKind | undefined {
  return byKind.get(kind);
}
