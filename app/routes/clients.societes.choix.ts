import type { LoaderFunctionArgs } from "@remix-run/node";
import { suggestCompanies } from "~/domain/customers/company-queries.server";
import { requireUser } from "~/lib/auth.server";

/** Companies matching what an agent types in a company picker (app/components/customers/company-picker.tsx). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "read:customer");
  const typed = new URL(request.url).searchParams.get("q") ?? "";
  return { companies: await suggestCompanies(typed) };
}
