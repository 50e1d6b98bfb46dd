import { z } from "zod";

/**
 * What the importer decided before the run (ImportJob.options, JSON):
 * - `duplicates`: per duplicate group (its id from the preview, "g<first row>") merge, keep both
 *   or skip, and the choice for every other group;
 * - `consent`: an import never invents marketing consent. Either none is recorded, or the
 *   importer states the legal basis (explicit opt-in or professional interest) and where the
 *   addresses come from (« salon Batimat 2026, bulletins papier »), recorded for each imported
 *   address through the one consent writer, which never lifts a suppression.
 */

export const duplicateDecisions = ["merge", "keep_both", "skip"] as const;
export type DuplicateDecision = (typeof duplicateDecisions)[number];

export const consentLegalBases = ["opt_in", "b2b_interest"] as const;
export type ConsentLegalBasis = (typeof consentLegalBases)[number];

export type ImportConsentStatement = { kind: "none" } | { kind: "record"; legalBasis: ConsentLegalBasis; source: string };

export type ImportOptions = {
  duplicates: { all: DuplicateDecision; groups: Record<string, DuplicateDecision> };
  consent: ImportConsentStatement;
};

export const defaultImportOptions: ImportOptions = { duplicates: { all: "merge", groups: {} }, consent: { kind: "none" } };

const decision = z.enum(duplicateDecisions);

export const importOptionsSchema = z.object({
  duplicates: z
    .object({
      all: decision.default("merge"),
      groups: z.record(z.string().regex(/^g\d{1,7}$/), decision).default({}),
    })
    .default({}),
  consent: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("none") }),
      z.object({
        kind: z.literal("record"),
        legalBasis: z.enum(consentLegalBases),
        source: z.string().trim().min(3, "import.error.consentSourceRequired").max(300, "validation.tooLong"),
      }),
    ])
    .default({ kind: "none" }),
});

export function parseImportOptions(json: string): ImportOptions {
  try {
    const parsed = importOptionsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : defaultImportOptions;
  } catch {
    return defaultImportOptions;
  }
}

/** The decision for a duplicate group. */
export function decisionFor(options: ImportOptions, groupId: string): DuplicateDecision {
  return options.duplicates.groups[groupId] ?? options.duplicates.all;
}
