import { z } from "zod";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { StageKind } from "./stage-kinds";

/**
 * The pipeline an administrator configures (stages and loss reasons), its forms and the rules
 * every change must leave true: at least one active open stage, exactly one active won stage and
 * one active lost stage (the kanban, the deal page and the orders rely on them).
 */

export const STAGE_KINDS = ["open", "won", "lost"] as const satisfies readonly StageKind[];

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()])
  .transform((value) => value === "on" || value === "true");

export const stageFormSchema = z.object({
  name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(60, "validation.tooLong"),
  probability: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .regex(/^\d{1,3}$/, "sales.pipeline.validation.probability")
    .transform(Number)
    .refine((value) => value >= 0 && value <= 100, "sales.pipeline.validation.probability"),
  kind: z.enum(STAGE_KINDS, { errorMap: () => ({ message: "validation.choose" }) }),
  active: checkbox,
});
export type StageForm = z.infer<typeof stageFormSchema>;

export const lossReasonFormSchema = z.object({
  label: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  active: checkbox,
});
export type LossReasonForm = z.infer<typeof lossReasonFormSchema>;

export const recordIdSchema = z.object({ id: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(40) });
export const moveSchema = recordIdSchema.extend({ direction: z.enum(["up", "down"], { errorMap: () => ({ message: "validation.choose" }) }) });

/** The first rule the stages break, or null when they hold. */
export function pipelineRuleBroken(stages: ReadonlyArray<{ kind: string; active: boolean }>): MessageKey | null {
  const active = stages.filter((stage) => stage.active);
  if (!active.some((stage) => stage.kind === "open")) return "sales.pipeline.rules.needOpen";
  if (active.filter((stage) => stage.kind === "won").length !== 1) return "sales.pipeline.rules.oneWon";
  if (active.filter((stage) => stage.kind === "lost").length !== 1) return "sales.pipeline.rules.oneLost";
  return null;
}

/**
 * The order after moving one item up or down: a list of ids in their new order, or null when it
 * is already first (up) or last (down).
 */
export function reorder<Item extends { id: string }>(items: readonly Item[], id: string, direction: "up" | "down"): string[] | null {
  const index = items.findIndex((item) => item.id === id);
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= items.length) return null;
  const ids = items.map((item) => item.id);
  [ids[index], ids[target]] = [ids[target]!, ids[index]!];
  return ids;
}

/** A deal's weighted amount: its amount times its stage's probability, rounded to the cent. */
export function weightedCents(amountCents: number, probability: number): number {
  return Math.round((amountCents * probability) / 100);
}
