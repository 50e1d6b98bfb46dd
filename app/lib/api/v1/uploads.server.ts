import type { AttachmentInput } from "~/domain/helpdesk/tickets.server";
import { MAX_BODY_LENGTH } from "~/domain/helpdesk/workspace-schemas";
import { normaliseFilename } from "~/lib/filenames";
import { storeFile } from "~/lib/files.server";
import { allowedUploadTypes, isAllowedUpload, uploadExtension, uploadLimits } from "~/lib/upload-rules";
import { contentMatchesExtension } from "~/lib/uploads.server";
import { z } from "../zod";

/**
 * Files sent with a reply or a note, in the JSON body as base64: the same rules as the portal's
 * uploads (upload-rules.ts): allowed extensions only, the first bytes must match the extension,
 * at most 5 files, 10 MB each, 25 MB in all. Stored content-addressed before the message is
 * written; the stored type comes from the extension, never from the sender.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Enough for the largest allowed attachments in base64 plus the text of the message. */
export const MAX_MESSAGE_BODY_BYTES = Math.ceil((uploadLimits.maxTotalBytes * 4) / 3) + MAX_BODY_LENGTH * 4 + 64 * 1024;

export type DecodedUpload = { filename: string; content: Buffer };

const upload = z
  .object({
    filename: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong").openapi({ example: "photo-erreur.jpg" }),
    content: z
      .string({ required_error: "validation.required" })
      .max(Math.ceil((uploadLimits.maxFileBytes * 4) / 3) + 4, "publicApi.validation.fileTooLarge")
      .regex(BASE64, "publicApi.validation.base64")
      .openapi({ format: "byte", description: "publicApi.field.attachmentContent" }),
  })
  .strict()
  .openapi("AttachmentUpload");

export const attachmentUploads = z
  .array(upload)
  .max(uploadLimits.maxFiles, "publicApi.validation.tooManyFiles")
  .transform((files, context) => {
    const decoded: DecodedUpload[] = [];
    let total = 0;
    files.forEach((file, index) => {
      const filename = normaliseFilename(file.filename);
      const content = Buffer.from(file.content, "base64");
      const issue = (field: "filename" | "content", message: string) => context.addIssue({ code: z.ZodIssueCode.custom, path: [index, field], message });
      if (!isAllowedUpload(filename)) return issue("filename", "publicApi.validation.fileType");
      if (content.length === 0) return issue("content", "validation.required");
      if (content.length > uploadLimits.maxFileBytes) return issue("content", "publicApi.validation.fileTooLarge");
      if (!contentMatchesExtension(filename, content)) return issue("content", "publicApi.validation.fileType");
      total += content.length;
      if (total > uploadLimits.maxTotalBytes) return issue("content", "publicApi.validation.filesTooLarge");
      decoded.push({ filename, content });
    });
    return decoded;
  })
  .openapi({ description: "publicApi.field.attachments" });

/** Stores the files and returns them as the message's attachments. */
export async function storeUploads(files: DecodedUpload[]): Promise<AttachmentInput[]> {
  const stored: AttachmentInput[] = [];
  for (const file of files) {
    const { sha256, size } = await storeFile(file.content);
    stored.push({ sha256, filename: file.filename, size, contentType: allowedUploadTypes[uploadExtension(file.filename) as keyof typeof allowedUploadTypes] });
  }
  return stored;
}
