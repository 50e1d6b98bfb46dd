import { z } from "zod";

const ids = z
  .union([z.string(), z.array(z.string())], { required_error: "validation.required" })
  .transform((value) => [value].flat().map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64, "validation.tooLong")).min(1, "validation.required").max(200, "validation.tooLong"));

/** The notification list's actions: read some, or read all. `source` tells the bell (no redirect) from the page. */
export const notificationActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("read"), id: ids, source: z.enum(["bell", "page"]).default("page") }),
    z.object({ intent: z.literal("read-all"), source: z.enum(["bell", "page"]).default("page") }),
  ],
  { errorMap: () => ({ message: "validation.choose" }) },
);
