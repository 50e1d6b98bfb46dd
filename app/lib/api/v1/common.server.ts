import { parseInstant } from "~/domain/helpdesk/queue-views";
import { z } from "../zod";

/** `?updatedSince=`: an ISO 8601 instant with its offset; what changed at or after it. */
export const updatedSinceQuery = () =>
  z
    .string()
    .refine((value) => parseInstant(value) !== null, "publicApi.validation.instant")
    .optional()
    .openapi({ format: "date-time", description: "publicApi.param.updatedSince" });

/** The instant of a validated `updatedSince`. */
export function parseInstantQuery(value: string | undefined): Date | undefined {
  return value ? (parseInstant(value) ?? undefined) : undefined;
}
