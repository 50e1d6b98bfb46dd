import { z } from "zod";

/** The mailbox form, shared by the Administration page and its action. Messages are translation keys. */

export const afterProcessingActions = ["leave", "seen", "move"] as const;
export type AfterProcessingAction = (typeof afterProcessingActions)[number];

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());
const trimmed = (max: number) => z.string().trim().max(max, "validation.tooLong");

export const mailboxFormSchema = z
  .object({
    name: trimmed(100).min(1, "validation.required"),
    host: trimmed(255)
      .min(1, "validation.required")
      .regex(/^[a-zA-Z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, "email.mailbox.validation.host"),
    port: z.coerce.number({ invalid_type_error: "email.mailbox.validation.port" }).int("email.mailbox.validation.port").min(1, "email.mailbox.validation.port").max(65535, "email.mailbox.validation.port"),
    tls: checkbox,
    username: trimmed(320).min(1, "validation.required"),
    /** Required for a new mailbox; left empty when editing, the stored password is kept. */
    password: z.string().max(1000, "validation.tooLong").default(""),
    folder: trimmed(200).min(1, "validation.required"),
    defaultGroupId: z.string().trim().default(""),
    afterProcessing: z.enum(afterProcessingActions, { errorMap: () => ({ message: "validation.choose" }) }),
    moveToFolder: trimmed(200).default(""),
    pollSeconds: z.coerce.number({ invalid_type_error: "email.mailbox.validation.pollSeconds" }).int("email.mailbox.validation.pollSeconds").min(10, "email.mailbox.validation.pollSeconds").max(86_400, "email.mailbox.validation.pollSeconds"),
    active: checkbox,
  })
  .superRefine((values, context) => {
    if (values.afterProcessing === "move" && !values.moveToFolder) context.addIssue({ code: z.ZodIssueCode.custom, path: ["moveToFolder"], message: "email.mailbox.validation.moveToFolder" });
    if (values.afterProcessing === "move" && values.moveToFolder === values.folder) context.addIssue({ code: z.ZodIssueCode.custom, path: ["moveToFolder"], message: "email.mailbox.validation.sameFolder" });
  });

export type MailboxForm = z.infer<typeof mailboxFormSchema>;
