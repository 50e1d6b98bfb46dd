import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";

/** /clients/societes is the companies list, which lives at /clients. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "read:customer");
  const url = new URL(request.url);
  return redirect(`/clients${url.search}`);
}
