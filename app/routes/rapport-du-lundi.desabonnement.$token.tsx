import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { PublicPage } from "~/components/portal/public-page";
import { Button } from "~/components/ui/button";
import { readWeeklyReportUnsubscribeToken, unsubscribeFromWeeklyReport } from "~/domain/reporting/weekly-report.server";

export const meta: MetaFunction = () => [{ title: "Rapport du lundi · Comptoir" }, { name: "robots", content: "noindex" }];

/**
 * The Monday report's unsubscribe link: a signed token names the user, so no sign-in is needed.
 * Opening the page changes nothing (mail scanners open links); the button, or the mail client's
 * one-click POST (RFC 8058, List-Unsubscribe-Post), unsubscribes. It carries no CSRF token: the
 * signed link is the only authority, and all it can do is stop a mail.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  return { valid: readWeeklyReportUnsubscribeToken(params.token ?? "") !== null };
}

export async function action({ params }: ActionFunctionArgs) {
  const userId = readWeeklyReportUnsubscribeToken(params.token ?? "");
  if (!userId) return data({ done: false }, { status: 404 });
  await unsubscribeFromWeeklyReport(userId);
  return { done: true };
}

export default function WeeklyReportUnsubscribePage() {
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <PublicPage>
      <h1 className="mb-4 text-xl font-semibold text-slate-900">{t("reporting.weekly.unsubscribeTitle")}</h1>
      {!valid ? (
        <p role="alert">{t("reporting.weekly.unsubscribeInvalid")}</p>
      ) : result?.done ? (
        <p role="status">{t("reporting.weekly.unsubscribeDone")}</p>
      ) : (
        <Form method="post" className="space-y-4">
          <p>{t("reporting.weekly.unsubscribeQuestion")}</p>
          <Button type="submit">{t("reporting.weekly.unsubscribeConfirm")}</Button>
        </Form>
      )}
    </PublicPage>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
