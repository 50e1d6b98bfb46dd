import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { PortalErrorPage } from "~/components/portal/portal-shell";
import { Button, buttonClasses } from "~/components/ui/button";
import { consumePortalLink, inspectPortalLink } from "~/domain/portal/login-links.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { portalReturnPath, portalSessionHeader } from "~/lib/portal/portal-auth.server";

export const meta: MetaFunction = () => [{ title: "Connexion · Espace client · Comptoir" }];

/**
 * The emailed sign-in link. Opening it does not use it: mail scanners follow links, so the
 * customer confirms with a button (a POST), which uses the link once and opens the session.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const link = await inspectPortalLink(params.token ?? "");
  if (link.state !== "valid") console.warn(`[portal] sign-in link refused on open (${link.state})`);
  return { link, returnTo: portalReturnPath(new URL(request.url).searchParams.get("vers")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readProtectedForm(request);
  const result = await consumePortalLink(params.token ?? "");
  if (!result.ok) {
    console.warn(`[portal] sign-in link refused (${result.reason})`);
    return data({ reason: result.reason }, { status: 410 });
  }
  return redirect(portalReturnPath(form.get("vers")), { headers: { "Set-Cookie": await portalSessionHeader(result.sessionToken) } });
}

export default function PortalLinkPage() {
  const { link, returnTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const state = actionData?.reason ?? link.state;
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
      {state === "valid" && link.state === "valid" ? (
        <>
          <h1 className="text-xl font-semibold text-slate-900">{t("portal.link.title")}</h1>
          <p className="mt-2 text-sm text-slate-600">{t("portal.link.as", { email: link.email })}</p>
          <Form method="post" className="mt-6">
            <CsrfField />
            <input type="hidden" name="vers" value={returnTo} />
            <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
              {t("portal.link.continue")}
            </Button>
          </Form>
        </>
      ) : (
        <>
          <h1 className="text-xl font-semibold text-slate-900">{t("portal.link.unusableTitle")}</h1>
          <p className="mt-2 text-sm text-slate-600" data-testid="link-state" data-state={state}>
            {state === "used" ? t("portal.link.used") : state === "expired" ? t("portal.link.expired") : t("portal.link.invalid")}
          </p>
          <Link to="/portail/connexion" className={buttonClasses("primary", "md", "mt-6")}>
            {t("portal.link.askAgain")}
          </Link>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <PortalErrorPage home="/portail/connexion" />;
}
