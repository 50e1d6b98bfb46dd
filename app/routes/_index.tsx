import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homePathFor } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  throw redirect(homePathFor(user));
}
