import { isRouteErrorResponse, useParams, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { isLocale } from "~/lib/i18n/locales";
import { HelpCentreErrorPage, HelpCentreFrame } from "./help-centre-frame";

type GoneData = { reason: "gone"; title: string; category: { name: string; slug: string } | null };

/** Every help centre route's ErrorBoundary: the public frame around a 410 or the usual error page. */
export function HelpCentreErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const language = isLocale(params.lang) ? params.lang : "fr";
  const gone = isRouteErrorResponse(error) && error.status === 410 ? (error.data as GoneData) : null;
  return (
    <HelpCentreFrame language={language}>
      {gone ? <HelpCentreErrorPage language={language} gone={gone} /> : <ErrorPage />}
    </HelpCentreFrame>
  );
}
