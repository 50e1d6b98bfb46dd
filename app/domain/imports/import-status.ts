/**
 * The life of an import job (ImportJob.status):
 *
 *   draft ──start──▶ queued ──worker──▶ running ──▶ completed ──undo──▶ undone
 *                      │                  │  └──▶ failed (an unexpected error; the rows done stay)
 *                      └────cancel────────┴──▶ cancelling ──▶ cancelled (the rows done stay, undo possible)
 *
 * A draft is being mapped and previewed and writes nothing. The worker picks up queued, running
 * (after a restart) and cancelling jobs.
 */

export const importStatuses = ["draft", "queued", "running", "cancelling", "cancelled", "completed", "failed", "undone"] as const;
export type ImportStatus = (typeof importStatuses)[number];

export function isImportStatus(value: unknown): value is ImportStatus {
  return typeof value === "string" && (importStatuses as readonly string[]).includes(value);
}

/** The worker still has something to do. */
export const activeImportStatuses = ["queued", "running", "cancelling"] as const satisfies readonly ImportStatus[];

export function isActiveImport(status: string): boolean {
  return (activeImportStatuses as readonly string[]).includes(status);
}

/** Mapping, separator, encoding and decisions may still change. */
export function isEditableImport(status: string): boolean {
  return status === "draft";
}

/** The batch can be undone: it wrote something and was not undone yet. */
export function isUndoableImport(status: string): boolean {
  return status === "completed" || status === "cancelled" || status === "failed";
}

/** Per-row outcomes (ImportRow.outcome), and the preview's "what will happen". */
export const rowOutcomes = ["created", "updated", "merged", "skipped", "rejected"] as const;
export type RowOutcome = (typeof rowOutcomes)[number];
