import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endUserSession } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await readProtectedForm(request);
  return endUserSession(request);
}
