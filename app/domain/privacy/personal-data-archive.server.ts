import fs from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { readStoredFile } from "~/lib/files.server";
import { personalDataPage } from "./personal-data-page";
import type { PersonalData } from "./personal-data.server";

/** Formats already compressed: stored as they are rather than deflated again. */
const compressed = /^(image\/(jpeg|png|gif|webp)|application\/(zip|pdf|gzip|x-7z-compressed|vnd\.openxmlformats)|video\/|audio\/)/;

/**
 * Writes a person's access archive, streamed to disk file by file (the zip is never whole in
 * memory): `donnees.json` (machine-readable, for portability), `index.html` (readable, in their
 * language) and `pieces-jointes/` with the files of their messages. Written under a temporary
 * name and renamed when complete, so a crash never leaves a half archive behind a ready row.
 * Returns the archive's size in bytes.
 */
export async function writePersonalDataArchive(data: PersonalData, organisation: string, target: string): Promise<number> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const out = fs.createWriteStream(partial);
  const finished = once(out, "finish");
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      failure = error;
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const add = async (name: string, content: Uint8Array, deflate: boolean) => {
    const entry = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    zip.add(entry);
    entry.push(content, true);
    if (out.writableNeedDrain) await once(out, "drain");
  };
  try {
    await add("donnees.json", strToU8(JSON.stringify(data, null, 2)), true);
    await add("index.html", strToU8(personalDataPage(data, organisation)), true);
    for (const attachment of data.attachments) {
      await add(attachment.path, await readStoredFile(attachment.sha256), !compressed.test(attachment.contentType));
    }
    zip.end();
    await finished;
    if (failure) throw failure;
    await fs.promises.rename(partial, target);
    return (await fs.promises.stat(target)).size;
  } catch (error) {
    out.destroy();
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}
