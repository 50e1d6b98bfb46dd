import type { LoaderFunctionArgs } from "@remix-run/node";
import { companyRef } from "~/domain/customers/company-queries.server";
import { getContactProfile } from "~/domain/customers/customer-profiles.server";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { timelineKindsFromParams } from "~/domain/customers/timeline/timeline-entry";
import { requireUser } from "~/lib/auth.server";

/** A resource route answers a plain 404 (no page to render, nothing to log). */
const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The next page of a customer's timeline (the "older entries" button of the contact and company
 * pages): ?societe=<id> or ?contact=<id>, &types=..., &curseur=...
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const search = new URL(request.url).searchParams;
  const kinds = timelineKindsFromParams(search);
  const cursor = search.get("curseur");
  const companyId = search.get("societe");
  if (companyId) {
    if (!(await companyRef(companyId))) throw notFound();
    return Response.json(await customerTimeline(user, { companyId, kinds, cursor }));
  }
  const contactId = search.get("contact") ?? "";
  if (!contactId || !(await getContactProfile(contactId))) throw notFound();
  return Response.json(await customerTimeline(user, { contactId, kinds, cursor }));
}
