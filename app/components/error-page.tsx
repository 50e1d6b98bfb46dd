import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useI18n } from "./i18n";
import { buttonClasses } from "./ui/button";

/** The 403 / 404 / 500 page, in the user's language; used by every error boundary. */
export function ErrorPage() {
  const error = useRouteError();
  const { t } = useI18n();
  let status = 500;
  let title = t("errors.serverTitle");
  let text = t("errors.serverText");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const reason = (error.data as { reason?: string } | null)?.reason;
    if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      text = reason === "csrf" ? t("errors.csrfText") : t("errors.forbiddenText");
    } else if (error.status === 404) {
      title = t("errors.notFoundTitle");
      text = t("errors.notFound");
    } else if (error.status === 429) {
      text = t("errors.tooManyRequests");
    }
  } else if (error instanceof Error && typeof window !== "undefined") {
    console.error(error);
  }
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="error-page" data-status={status}>
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-3 text-slate-600">{text}</p>
      <Link to="/" className={buttonClasses("secondary", "md", "mt-8")}>
        {t("errors.backHome")}
      </Link>
    </div>
  );
}
