import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useNonce } from "~/components/nonce";
import { Toaster } from "~/components/toaster";
import { areasFor } from "~/domain/identity/permissions";
import { getCurrentUser } from "~/lib/auth.server";
import { csrfTokenFor } from "~/lib/csrf.server";
import { helpCentreLanguageOf } from "~/domain/knowledge/help-centre-rules";
import { resolveLocale } from "~/lib/i18n/request-locale.server";
import { takeToast } from "~/lib/toast.server";
import stylesheet from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: "Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  // A help centre page is in the language of its address (/aide/en/...), whoever reads it.
  const locale = helpCentreLanguageOf(new URL(request.url).pathname) ?? (await resolveLocale(request, user));
  const csrf = await csrfTokenFor(request);
  const { toast, clearHeader } = await takeToast(request);
  const headers = new Headers();
  if (csrf.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  if (clearHeader) headers.append("Set-Cookie", clearHeader);
  return data(
    {
      locale,
      csrfToken: csrf.token,
      toast,
      user: user
        ? {
            id: user.id,
            name: user.name,
            email: user.email,
            role: user.role,
            restrictToGroups: user.restrictToGroups,
            areas: areasFor(user).map((area) => area.id),
          }
        : null,
    },
    { headers },
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang={root?.locale ?? "fr"} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <Outlet />
      <Toaster />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <main className="px-4">
      <ErrorPage />
    </main>
  );
}
