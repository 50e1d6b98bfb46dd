import { z } from "zod";

/**
 * A segment as saved (Segment.definition, JSON): groups of conditions; conditions within a group
 * and the groups themselves are combined with AND (`all`) or OR (`any`). Each condition names a
 * kind of the registry (segment-conditions.server.ts) and that kind's parameters, checked by the
 * kind's own schema when the segment is compiled or saved.
 */

export const segmentMatches = ["all", "any"] as const;
export type SegmentMatch = (typeof segmentMatches)[number];

export type SegmentCondition = {
  kind: string;
  params: Record<string, unknown>;
  /** "does not": the condition's opposite (a contact for whom it is false). */
  negate?: boolean;
};

export type SegmentGroup = { match: SegmentMatch; conditions: SegmentCondition[] };

export type SegmentDefinition = { match: SegmentMatch; groups: SegmentGroup[] };

export const MAX_SEGMENT_GROUPS = 10;
export const MAX_SEGMENT_CONDITIONS_PER_GROUP = 20;

const conditionSchema = z.object({
  kind: z.string().min(1).max(64),
  params: z.record(z.unknown()).default({}),
  negate: z.boolean().optional(),
});

const groupSchema = z.object({
  match: z.enum(segmentMatches),
  conditions: z.array(conditionSchema).max(MAX_SEGMENT_CONDITIONS_PER_GROUP),
});

/** The shape of a definition (each condition's parameters are checked by its kind). */
export const segmentDefinitionSchema = z.object({
  match: z.enum(segmentMatches),
  groups: z.array(groupSchema).max(MAX_SEGMENT_GROUPS),
});

export const emptySegmentDefinition: SegmentDefinition = { match: "all", groups: [] };

/** A stored definition, or null when the JSON is not one (never trusted as written). */
export function parseSegmentDefinition(json: string): SegmentDefinition | null {
  try {
    const parsed = segmentDefinitionSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
