import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { archiveForStaff, recordArchiveDownloaded } from "~/domain/privacy/personal-data-exports.server";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";

/** GET: a ready access archive of this person (read:privacy), streamed from disk; audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:privacy");
  const archive = await archiveForStaff(params.contactId ?? "", params.exportId ?? "");
  if (!archive) throw notFound();
  await recordArchiveDownloaded(archive, { via: "staff", userId: user.id });
  return new Response(createReadableStreamFromReadable(fs.createReadStream(archive.filePath)) as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(archive.sizeBytes),
      "Content-Disposition": `attachment; filename="${archive.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
