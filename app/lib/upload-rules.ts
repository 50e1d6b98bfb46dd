/**
 * What customers may attach to a request (public form, portal): shared by the server, which
 * enforces it, and the UI, which announces it and checks it before sending.
 */

export const uploadLimits = {
  maxFiles: 5,
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 25 * 1024 * 1024,
} as const;

/**
 * Allowed extensions and the content type we store and serve for each. The browser's declared
 * type is never trusted: the extension decides, and the first bytes must match (see uploads.server.ts).
 */
export const allowedUploadTypes = {
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".heic": "image/heic",
  ".txt": "text/plain",
  ".log": "text/plain",
  ".csv": "text/csv",
  ".eml": "message/rfc822",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet",
  ".zip": "application/zip",
} as const satisfies Record<string, string>;

export type AllowedExtension = keyof typeof allowedUploadTypes;

/** The `accept` attribute of file inputs. */
export const uploadAccept = Object.keys(allowedUploadTypes).join(",");

/** "PDF, PNG, JPG…" for the hint under the file input. */
export const uploadExtensionsLabel = [...new Set(Object.keys(allowedUploadTypes).map((ext) => ext.slice(1).toUpperCase()))].join(", ");

export function uploadExtension(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot >= 0 ? filename.slice(dot).toLowerCase() : "";
}

export function isAllowedUpload(filename: string): filename is `${string}${AllowedExtension}` {
  return uploadExtension(filename) in allowedUploadTypes;
}

/** "2,5 Mo" / "2.5 MB": sizes in the customer's language. */
export function formatFileSize(bytes: number, locale: "fr" | "en"): string {
  const units = locale === "fr" ? ["o", "Ko", "Mo", "Go"] : ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Why a file was refused; each reason has a message in the portal catalogue. */
export type UploadRejection = "type" | "too_large" | "too_many" | "total_too_large" | "unreadable";
