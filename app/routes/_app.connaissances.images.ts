import { data, type ActionFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { uploadArticleImage } from "~/domain/knowledge/images.server";
import { MAX_ARTICLE_IMAGE_BYTES } from "~/domain/knowledge/image-types";
import { requireUser } from "~/lib/auth.server";
import { translator } from "~/lib/i18n/translate";
import { isLocale } from "~/lib/i18n/locales";
import { readProtectedUploadForm } from "~/lib/uploads.server";

/**
 * The editor's image upload: one image (PNG, JPEG, GIF, WebP; its type read from its bytes),
 * CSRF-checked, for writers only. Answers `{ url }` to insert, or `{ error }` in the writer's language.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:knowledge");
  if (request.method !== "POST") throw data({ reason: "method" }, { status: 405 });
  const t = translator(isLocale(user.locale) ? user.locale : "fr");
  const upload = await readProtectedUploadForm(request, { fileField: "image", maxFiles: 1, maxFileBytes: MAX_ARTICLE_IMAGE_BYTES, maxTotalBytes: MAX_ARTICLE_IMAGE_BYTES });
  const [file] = upload.files;
  if (!file) {
    const rejected = upload.rejected[0];
    const code = !rejected ? "knowledge.image.missing" : rejected.reason === "too_large" || rejected.reason === "total_too_large" ? "knowledge.image.tooLarge" : "knowledge.image.type";
    return Response.json({ error: t(code) }, { status: 400 });
  }
  try {
    const image = await uploadArticleImage({ actorId: user.id, fileName: file.filename, content: file.content });
    return Response.json({ url: image.url });
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: t(error.code) }, { status: 400 });
    throw error;
  }
}
