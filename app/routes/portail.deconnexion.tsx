import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "~/lib/csrf.server";
import { endPortalSession } from "~/lib/portal/portal-auth.server";

export async function loader() {
  throw redirect("/portail");
}

/** Signs the customer out of the portal (never touches a staff session). */
export async function action({ request }: ActionFunctionArgs) {
  await readProtectedForm(request);
  return endPortalSession(request);
}
