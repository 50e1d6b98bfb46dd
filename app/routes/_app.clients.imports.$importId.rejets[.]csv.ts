import type { LoaderFunctionArgs } from "@remix-run/node";
import { rejectedRowsCsv } from "~/domain/imports/import-report.server";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";
import { requireImportJob } from "~/lib/imports/import-route.server";
import { resolveLocale } from "~/lib/i18n/request-locale.server";

/** The rejected rows of an import with a reason column, to fix and import again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:import");
  const job = await requireImportJob(user, params.importId);
  const locale = await resolveLocale(request, user);
  const file = await rejectedRowsCsv(job.id, locale);
  if (!file) throw notFound();
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]+/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
