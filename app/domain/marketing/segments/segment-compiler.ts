import type { SegmentDefinition } from "./segment-definition";
import type { AnyConditionKind, SegmentSqlContext, SqlFragment } from "./segment-condition";

/**
 * A definition compiled to one SQL predicate over the contact row (alias `c`): pure, so the SQL
 * each definition produces is table-tested. Unknown kinds and invalid parameters are refused with
 * the condition's place, never skipped (a skipped condition would widen the audience).
 */

export class SegmentDefinitionError extends Error {
  constructor(
    readonly groupIndex: number,
    readonly conditionIndex: number,
    readonly reason: "unknown_kind" | "invalid_params",
    readonly issues: string[] = [],
  ) {
    super(`segment condition ${groupIndex + 1}.${conditionIndex + 1}: ${reason}${issues.length ? ` (${issues.join(", ")})` : ""}`);
  }
}

export type ConditionLookup = (kind: string) => AnyConditionKind | undefined;

function combine(parts: SqlFragment[], match: "all" | "any"): SqlFragment {
  // An empty AND is true (everyone), an empty OR is false (no one): a group without conditions adds nothing to an AND.
  if (parts.length === 0) return { sql: match === "all" ? "1 = 1" : "1 = 0", values: [] };
  if (parts.length === 1) return parts[0];
  return { sql: parts.map((part) => `(${part.sql})`).join(match === "all" ? " AND " : " OR "), values: parts.flatMap((part) => part.values) };
}

export function compileSegment(definition: SegmentDefinition, lookup: ConditionLookup, context: SegmentSqlContext): SqlFragment {
  const groups = definition.groups
    .filter((group) => group.conditions.length > 0)
    .map((group, groupIndex) =>
      combine(
        group.conditions.map((condition, conditionIndex) => {
          const kind = lookup(condition.kind);
          if (!kind) throw new SegmentDefinitionError(groupIndex, conditionIndex, "unknown_kind");
          const params = kind.params.safeParse(condition.params);
          if (!params.success) throw new SegmentDefinitionError(groupIndex, conditionIndex, "invalid_params", params.error.issues.map((issue) => issue.message));
          const predicate = kind.predicate(params.data, context);
          // NOT over a predicate that may be NULL would drop the contact: COALESCE makes "does not" total.
          return condition.negate ? { sql: `NOT COALESCE((${predicate.sql}), 0)`, values: predicate.values } : predicate;
        }),
        group.match,
      ),
    );
  return combine(groups, definition.match);
}
