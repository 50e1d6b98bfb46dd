import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { PublicPage } from "~/components/portal/public-page";
import { RequestReceipt } from "~/components/portal/request-receipt";
import { readReceipt } from "~/lib/portal/web-form-route.server";

export const meta: MetaFunction = () => [{ title: "Demande envoyée · Comptoir" }];

/** The confirmation page: everything it shows comes from the signed receipt in its address. */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = new URL(request.url).searchParams.get("lang");
  return { receipt: readReceipt(request), again: lang === "en" || lang === "fr" ? `/demande/integree?lang=${lang}` : "/demande/integree" };
}

export default function EmbeddedRequestSentPage() {
  const { receipt, again } = useLoaderData<typeof loader>();
  return (
    <PublicPage embedded>
      <RequestReceipt receipt={receipt} embedded={true} againHref={again} />
    </PublicPage>
  );
}

export function ErrorBoundary() {
  return (
    <PublicPage embedded>
      <ErrorPage />
    </PublicPage>
  );
}
