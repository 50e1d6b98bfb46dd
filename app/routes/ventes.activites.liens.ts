import type { LoaderFunctionArgs } from "@remix-run/node";
import { linkChoices } from "~/domain/sales/activity-queries.server";
import { requireUser } from "~/lib/auth.server";

/** A company's contacts, deals and tickets the viewer may link a sales record to (app/components/sales/link-fields.tsx). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const companyId = new URL(request.url).searchParams.get("societe") ?? "";
  return { companyId, ...(await linkChoices(user, companyId || null)) };
}
