import { z } from "zod";

/** The administrators' form for a new wall screen: its name and its scope ("" = every group). */
export const wallBoardFormSchema = z.object({
  name: z.string().trim().min(1, "validation.required").max(100, "validation.tooLong"),
  groupId: z.string().trim().max(40).default(""),
});
