import { getImportJob, type ImportJobDetail } from "~/domain/imports/import-jobs.server";
import { mayImport } from "~/domain/imports/import-entities";
import type { CurrentUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";

/**
 * The import a wizard page is about. Someone who may not import this kind of record (marketing
 * and a companies file) gets the same 404 as for an import that does not exist.
 */
export async function requireImportJob(user: CurrentUser, importId: string | undefined): Promise<ImportJobDetail> {
  const job = importId ? await getImportJob(importId) : null;
  if (!job || !mayImport(user, job.entity)) throw notFound();
  return job;
}

