import { describe, expect, it } from "vitest";
import { compileSegment, SegmentDefinitionError } from "~/domain/marketing/segments/segment-compiler";
import { conditionKind } from "~/domain/marketing/segments/segment-conditions.server";
import type { SegmentDefinition } from "~/domain/marketing/segments/segment-definition";

const context = { now: new Date("2026-12-07T10:00:00Z"), dateTime: (date: Date) => date.toISOString() };
const language = (value: string, negate = false) => ({ kind: "contact.language", params: { language: value }, ...(negate ? { negate } : {}) });

describe("compileSegment", () => {
  const cases: Array<{ name: string; definition: SegmentDefinition; sql: string; values: unknown[] }> = [
    { name: "no groups: everyone", definition: { match: "all", groups: [] }, sql: "1 = 1", values: [] },
    { name: "an OR of empty groups matches no one (empty groups are dropped)", definition: { match: "any", groups: [{ match: "all", conditions: [] }] }, sql: "1 = 0", values: [] },
    { name: "one condition", definition: { match: "all", groups: [{ match: "all", conditions: [language("fr")] }] }, sql: `c."language" = ?`, values: ["fr"] },
    {
      name: "OR inside a group, AND between groups, values in order",
      definition: {
        match: "all",
        groups: [
          { match: "any", conditions: [language("fr"), language("en")] },
          { match: "all", conditions: [language("en", true)] },
        ],
      },
      sql: `((c."language" = ?) OR (c."language" = ?)) AND (NOT COALESCE((c."language" = ?), 0))`,
      values: ["fr", "en", "en"],
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(compileSegment(testCase.definition, conditionKind, context)).toEqual({ sql: testCase.sql, values: testCase.values });
    });
  }

  it("refuses an unknown kind or invalid parameters with the condition's place, never widening the audience", () => {
    const unknown = () => compileSegment({ match: "all", groups: [{ match: "all", conditions: [language("fr"), { kind: "nope", params: {} }] }] }, conditionKind, context);
    expect(unknown).toThrow(SegmentDefinitionError);
    expect(unknown).toThrow("segment condition 1.2: unknown_kind");
    expect(() => compileSegment({ match: "all", groups: [{ match: "all", conditions: [language("de")] }] }, conditionKind, context)).toThrow("invalid_params");
  });
});
