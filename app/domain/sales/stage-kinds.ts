/** What reaching a pipeline stage means: the deal is still open, won, or lost. */
export type StageKind = "open" | "won" | "lost";

export function isStageKind(value: unknown): value is StageKind {
  return value === "open" || value === "won" || value === "lost";
}
