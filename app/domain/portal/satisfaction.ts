import { z } from "zod";
import { cleanMultiline } from "~/domain/channels/web-form/clean-text";

/** The satisfaction vocabulary and form, shared by the rating pages and the server. */
export const satisfactionValues = ["good", "bad"] as const;
export type SatisfactionValue = (typeof satisfactionValues)[number];

export const RATING_COMMENT_MAX = 2000;

export const ratingSchema = z.object({
  rating: z.enum(satisfactionValues, { message: "portal.rating.choose" }),
  comment: z.preprocess(cleanMultiline, z.string().max(RATING_COMMENT_MAX, "validation.tooLong")),
});
