import path from "node:path";
import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { fileStorePath, storeFile } from "~/lib/files.server";
import { articleImageUrl, hasImageExtension, MAX_ARTICLE_IMAGE_BYTES, sniffImageType } from "./image-types";

/**
 * Images inside articles: uploaded by writers from the editor, stored like attachments (by their
 * SHA-256 under the data directory), served at /aide/images/{id}. An image is public as soon as
 * a published public article shows it; until then only staff who read the knowledge base get it.
 */

export async function uploadArticleImage(input: { actorId: string; fileName: string; content: Buffer }): Promise<{ id: string; url: string }> {
  const fileName = input.fileName.trim().slice(0, 200) || "image";
  if (input.content.length === 0) throw new DomainError("knowledge.image.empty", "image");
  if (input.content.length > MAX_ARTICLE_IMAGE_BYTES) throw new DomainError("knowledge.image.tooLarge", "image");
  const contentType = sniffImageType(input.content);
  if (!contentType || !hasImageExtension(fileName)) throw new DomainError("knowledge.image.type", "image");
  const stored = await storeFile(input.content);
  const storedPath = path.relative(env().dataDir, fileStorePath(stored.sha256));
  return db().$transaction(async (tx) => {
    const image = await tx.knowledgeImage.create({
      data: { fileName, contentType, sizeBytes: stored.size, storedPath, sha256: stored.sha256, uploadedById: input.actorId },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_image.uploaded", entityType: "knowledge_image", entityId: image.id, details: { fileName, contentType, sizeBytes: stored.size } });
    return { id: image.id, url: articleImageUrl(image.id) };
  });
}

export type ServableImage = { id: string; sha256: string; fileName: string; contentType: string; sizeBytes: number; public: boolean };

/** Whether a published public article shows the image (then anyone may load it). */
export async function isImageShownPublicly(imageId: string): Promise<boolean> {
  const shown = await db().knowledgeArticleTranslation.count({
    where: { bodyHtml: { contains: `${articleImageUrl(imageId)}"` }, article: { is: { state: "published", visibility: "public" } } },
  });
  return shown > 0;
}

/**
 * The image behind /aide/images/{id} for this reader, or null (unknown, or not theirs to see:
 * the same answer, so an image's existence is not revealed).
 */
export async function findServableImage(imageId: string, reader: { readsKnowledge: boolean }): Promise<ServableImage | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(imageId)) return null;
  const image = await db().knowledgeImage.findUnique({ where: { id: imageId }, select: { id: true, sha256: true, fileName: true, contentType: true, sizeBytes: true } });
  if (!image) return null;
  const isPublic = await isImageShownPublicly(imageId);
  if (!isPublic && !reader.readsKnowledge) return null;
  return { ...image, public: isPublic };
}
