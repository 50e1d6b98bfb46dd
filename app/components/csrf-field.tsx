import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** Hidden CSRF token; every form that posts includes it (checked by readProtectedForm). */
export function CsrfField() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />;
}
