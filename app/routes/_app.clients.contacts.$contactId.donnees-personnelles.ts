import type { ActionFunctionArgs } from "@remix-run/node";
import { getContactProfile } from "~/domain/customers/customer-profiles.server";
import { requestPersonalDataExport } from "~/domain/privacy/personal-data-exports.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { notFound } from "~/lib/http.server";

/** POST: prepare the person's access archive (built in the background, shown on their page). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "read:privacy");
  await readProtectedForm(request);
  const contact = await getContactProfile(params.contactId ?? "");
  if (!contact) throw notFound();
  const outcome = await requestPersonalDataExport(contact.id, { via: "staff", userId: user.id });
  if (!outcome) throw notFound();
  return redirectWithToast(`/clients/contacts/${contact.id}#donnees-personnelles`, { kind: outcome.created ? "success" : "info", message: outcome.created ? "privacy.panel.requested" : "privacy.panel.alreadyPending" });
}

export async function loader() {
  throw notFound();
}
