import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env.server";

/**
 * Content-addressed file store under data/files: a file is named by its SHA-256, so the same
 * attachment received twice is stored once and a crash mid-write never leaves a half file
 * under a valid name (write to a temp name, then rename).
 */
export function fileStorePath(sha256: string, filesDir = env().filesDir): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Invalid file hash: ${sha256}`);
  return path.join(filesDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export async function storeFile(content: Buffer, filesDir = env().filesDir): Promise<{ sha256: string; size: number }> {
  const sha256 = crypto.createHash("sha256").update(content).digest("hex");
  const target = fileStorePath(sha256, filesDir);
  if (!fs.existsSync(target)) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    await fs.promises.writeFile(temporary, content);
    await fs.promises.rename(temporary, target);
  }
  return { sha256, size: content.length };
}

export async function readStoredFile(sha256: string, filesDir = env().filesDir): Promise<Buffer> {
  return fs.promises.readFile(fileStorePath(sha256, filesDir));
}
