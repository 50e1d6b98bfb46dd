const MAX_FILENAME_LENGTH = 150;

/**
 * A safe display and storage name for an uploaded or mailed file, computed before any check:
 * Unicode NFC, zero-width, bidi and control characters removed, path separators stripped,
 * leading dots removed (no hidden files), length capped with the extension kept.
 */
export function normaliseFilename(raw: string | null | undefined, fallback = "fichier"): string {
  let name = (raw ?? "").normalize("NFC");
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g, "");
  name = name.replace(/[/\\]/g, "_").replace(/[<>:"|?*]/g, "_");
  name = name.replace(/\s+/g, " ").trim().replace(/^[.\s]+/, "");
  if (name.length > MAX_FILENAME_LENGTH) {
    const dot = name.lastIndexOf(".");
    const extension = dot > 0 && name.length - dot <= 12 ? name.slice(dot) : "";
    name = name.slice(0, MAX_FILENAME_LENGTH - extension.length) + extension;
  }
  return name || fallback;
}
