import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { PublicPage } from "~/components/portal/public-page";
import { RequestFormPage } from "~/components/portal/web-request-form";
import { webFormAction, webFormLoader } from "~/lib/portal/web-form-route.server";

export const meta: MetaFunction = () => [{ title: "Nouvelle demande · Comptoir" }];

/** A refused submission over the rate limit tells clients when to retry. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/**
 * The same form made to live in an iframe on a customer's site: served with frame-ancestors *
 * (server/http-security.ts), no header, and nothing that depends on a cookie.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return webFormLoader(request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  return webFormAction(request, context.clientAddress, true);
}

export default function EmbeddedRequestPage() {
  const form = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <PublicPage embedded>
      <RequestFormPage {...form} state={actionData && !actionData.ok ? actionData : undefined} />
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
