import crypto from "node:crypto";
import { data, unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import { csrfCookie } from "./cookies.server";
import { CSRF_FIELD } from "./csrf.server";
import { normaliseFilename } from "./filenames";
import { forbidden } from "./http.server";
import { allowedUploadTypes, isAllowedUpload, type UploadRejection, uploadExtension, uploadLimits } from "./upload-rules";

/**
 * Multipart forms with files, read with limits and without ever losing the typed fields.
 *
 * Remix's memory upload handler throws on the first oversized file, which throws away every
 * field the person typed. Here each file is judged on its own: an oversized, surplus or
 * forbidden file is drained (read and discarded, never held in memory) and reported, and the
 * text fields are kept so the form can be shown again as it was. Only an absurd body (over
 * ABSOLUTE_BODY_LIMIT) is cut off with a 413.
 */

export type UploadedFile = { filename: string; contentType: string; size: number; content: Buffer };
export type RejectedUpload = { filename: string; reason: UploadRejection };
export type UploadForm = {
  /** Text fields only (files are in `files`). */
  form: FormData;
  files: UploadedFile[];
  rejected: RejectedUpload[];
  /** Text fields longer than the parser keeps (cut to the limit; the form's own validation says "too long"). */
  oversizedFields: string[];
};

export type UploadOptions = {
  /** Name of the file input; parts under any other name with a filename are ignored. */
  fileField: string;
  maxFiles?: number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** Bytes kept per text field: enough for any legitimate value, so validation can say "too long". */
  maxTextFieldBytes?: number;
};

/** Nobody legitimately sends this much; beyond it the request is cut off. */
export const ABSOLUTE_BODY_LIMIT = 100 * 1024 * 1024;

function payloadTooLarge() {
  return data({ reason: "payload_too_large" }, { status: 413, statusText: "Payload Too Large" });
}

export async function parseUploadForm(request: Request, options: UploadOptions): Promise<UploadForm> {
  const maxFiles = options.maxFiles ?? uploadLimits.maxFiles;
  const maxFileBytes = options.maxFileBytes ?? uploadLimits.maxFileBytes;
  const maxTotalBytes = options.maxTotalBytes ?? uploadLimits.maxTotalBytes;
  const maxTextFieldBytes = options.maxTextFieldBytes ?? 256 * 1024;

  const declaredLength = Number(request.headers.get("Content-Length") ?? 0);
  if (declaredLength > ABSOLUTE_BODY_LIMIT) throw payloadTooLarge();

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    // A plain urlencoded post (a script, an old client): no files, fields capped like the rest.
    const form = await request.formData();
    const textOnly = new FormData();
    const oversizedFields: string[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value !== "string") continue;
      if (Buffer.byteLength(value) > maxTextFieldBytes) oversizedFields.push(name);
      textOnly.append(name, value.slice(0, maxTextFieldBytes));
    }
    return { form: textOnly, files: [], rejected: [], oversizedFields };
  }

  const form = new FormData();
  const files: UploadedFile[] = [];
  const rejected: RejectedUpload[] = [];
  const oversizedFields: string[] = [];
  let bodyBytes = 0;
  let acceptedBytes = 0;

  async function readPart(part: UploadHandlerPart, keepAtMost: number): Promise<{ chunks: Buffer[]; size: number; overflow: boolean }> {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    for await (const chunk of part.data) {
      bodyBytes += chunk.byteLength;
      if (bodyBytes > ABSOLUTE_BODY_LIMIT) throw payloadTooLarge();
      size += chunk.byteLength;
      if (overflow) continue;
      if (size > keepAtMost) {
        overflow = true;
        continue;
      }
      chunks.push(Buffer.from(chunk));
    }
    return { chunks, size, overflow };
  }

  await unstable_parseMultipartFormData(request, async (part) => {
    if (typeof part.filename !== "string") {
      const { chunks, overflow } = await readPart(part, maxTextFieldBytes);
      if (overflow) oversizedFields.push(part.name);
      form.append(part.name, Buffer.concat(chunks).toString("utf8"));
      return null;
    }
    const filename = normaliseFilename(part.filename);
    // An empty file input still sends a part with an empty name and no bytes.
    if (part.name !== options.fileField || part.filename === "") {
      await readPart(part, 0);
      return null;
    }
    if (!isAllowedUpload(filename)) {
      await readPart(part, 0);
      rejected.push({ filename, reason: "type" });
      return null;
    }
    if (files.length >= maxFiles) {
      await readPart(part, 0);
      rejected.push({ filename, reason: "too_many" });
      return null;
    }
    const { chunks, size, overflow } = await readPart(part, maxFileBytes);
    if (size === 0) return null;
    if (overflow) {
      rejected.push({ filename, reason: "too_large" });
      return null;
    }
    if (acceptedBytes + size > maxTotalBytes) {
      rejected.push({ filename, reason: "total_too_large" });
      return null;
    }
    const content = Buffer.concat(chunks);
    if (!contentMatchesExtension(filename, content)) {
      rejected.push({ filename, reason: "type" });
      return null;
    }
    acceptedBytes += size;
    files.push({ filename, contentType: allowedUploadTypes[uploadExtension(filename) as keyof typeof allowedUploadTypes], size, content });
    return null;
  });
  return { form, files, rejected, oversizedFields };
}

const signatures: Record<string, Array<number[]>> = {
  ".pdf": [[0x25, 0x50, 0x44, 0x46]],
  ".png": [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ".jpg": [[0xff, 0xd8, 0xff]],
  ".jpeg": [[0xff, 0xd8, 0xff]],
  ".gif": [[0x47, 0x49, 0x46, 0x38]],
  ".zip": [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]],
  ".docx": [[0x50, 0x4b, 0x03, 0x04]],
  ".xlsx": [[0x50, 0x4b, 0x03, 0x04]],
  ".pptx": [[0x50, 0x4b, 0x03, 0x04]],
  ".odt": [[0x50, 0x4b, 0x03, 0x04]],
  ".ods": [[0x50, 0x4b, 0x03, 0x04]],
  ".doc": [[0xd0, 0xcf, 0x11, 0xe0]],
  ".xls": [[0xd0, 0xcf, 0x11, 0xe0]],
  ".ppt": [[0xd0, 0xcf, 0x11, 0xe0]],
};

/**
 * The first bytes agree with the extension: an executable renamed "facture.pdf" is refused.
 * Text formats must hold no NUL byte; formats without a fixed signature (HEIC, WebP's RIFF) are
 * checked as far as they allow.
 */
export function contentMatchesExtension(filename: string, content: Buffer): boolean {
  const extension = uploadExtension(filename);
  if (extension === ".webp") return content.subarray(0, 4).toString("latin1") === "RIFF" && content.subarray(8, 12).toString("latin1") === "WEBP";
  if (extension === ".heic") return content.subarray(4, 8).toString("latin1") === "ftyp";
  if ([".txt", ".log", ".csv", ".eml"].includes(extension)) return !content.subarray(0, 64 * 1024).includes(0);
  const expected = signatures[extension];
  if (!expected) return false;
  return expected.some((bytes) => bytes.every((byte, index) => content[index] === byte));
}

/**
 * A multipart form that must carry the visitor's CSRF token (portal forms with files):
 * parsed with limits first, then refused with 403 unless the token matches the cookie.
 */
export async function readProtectedUploadForm(request: Request, options: UploadOptions): Promise<UploadForm> {
  const expected = await csrfCookie().parse(request.headers.get("Cookie"));
  const upload = await parseUploadForm(request, options);
  const submitted = upload.form.get(CSRF_FIELD);
  if (typeof expected !== "string" || typeof submitted !== "string") throw forbidden("csrf");
  const left = Buffer.from(expected);
  const right = Buffer.from(submitted);
  if (left.length !== right.length || !crypto.timingSafeEqual(left, right)) throw forbidden("csrf");
  return upload;
}
