import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { PublicPage } from "~/components/portal/public-page";
import { RatingBadge, RatingForm } from "~/components/portal/satisfaction";
import { buttonClasses } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { DomainError } from "~/domain/errors";
import { ratingSchema } from "~/domain/portal/satisfaction";
import { rateTicket, ratingLinkTicket, readSatisfactionToken } from "~/domain/portal/satisfaction.server";
import { parseForm } from "~/lib/forms";
import { readProtectedUploadForm } from "~/lib/uploads.server";

export const meta: MetaFunction = () => [{ title: "Votre avis · Comptoir" }];

/**
 * The rating link of the "solved" mail: a signed token names the ticket and its requester, so
 * no sign-in is needed, and it rates once. Opening the page records nothing (mail scanners
 * open links); the customer confirms, with an optional comment.
 */
async function ticketFor(token: string) {
  const link = readSatisfactionToken(token);
  if (link === null) {
    console.warn("[portal] satisfaction link refused (invalid)");
    return { state: "invalid" as const };
  }
  if (link === "expired") return { state: "expired" as const };
  const ticket = await ratingLinkTicket(link);
  if (!ticket) {
    console.warn("[portal] satisfaction link refused (ticket gone or requester changed)");
    return { state: "invalid" as const };
  }
  return { state: "valid" as const, link, ticket };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await ticketFor(params.token ?? "");
  if (found.state !== "valid") return { state: found.state, ticket: null };
  const { ticket } = found;
  return {
    state: ticket.rating ? ("rated" as const) : ticket.status === "solved" || ticket.status === "closed" ? ("valid" as const) : ("notSolved" as const),
    ticket: { number: ticket.number, subject: ticket.subject, rating: ticket.rating },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const upload = await readProtectedUploadForm(request, { fileField: "none", maxFiles: 0 });
  const found = await ticketFor(params.token ?? "");
  if (found.state !== "valid") return data({ fieldErrors: {}, values: {}, formError: "portal.rating.linkInvalid" as const, done: false }, { status: 410 });
  const parsed = parseForm(upload.form, ratingSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null, done: false }, { status: 400 });
  try {
    await rateTicket({ ticketId: found.link.ticketId, contactId: found.link.contactId, rating: parsed.data.rating, comment: parsed.data.comment, via: "link" });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: {}, values: { rating: parsed.data.rating, comment: parsed.data.comment }, formError: error.code, done: false }, { status: 409 });
    throw error;
  }
  return { fieldErrors: {}, values: {}, formError: null, done: true };
}

export default function SatisfactionPage() {
  const { state, ticket } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  const error = (name: string) => {
    const key = actionData?.fieldErrors?.[name as keyof typeof actionData.fieldErrors];
    return key ? t(key) : null;
  };
  const value = (name: string) => {
    const submitted = actionData?.values?.[name as keyof typeof actionData.values];
    return typeof submitted === "string" ? submitted : undefined;
  };
  const preselected = value("rating") ?? searchParams.get("note");
  return (
    <PublicPage>
      <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {actionData?.done ? (
          <div className="text-center" data-testid="rating-thanks">
            <h1 className="text-xl font-semibold text-slate-900">{t("portal.rating.thanksTitle")}</h1>
            <p className="mt-2 text-sm text-slate-600">{t("portal.rating.thanksText")}</p>
          </div>
        ) : state === "valid" && ticket ? (
          <div className="space-y-4">
            <div>
              <p className="text-sm tabular-nums text-slate-500">{`#${ticket.number}`}</p>
              <h1 className="text-xl font-semibold text-slate-900">{ticket.subject}</h1>
              <p className="mt-1 text-sm text-slate-600">{t("portal.rating.linkIntro")}</p>
            </div>
            {actionData?.formError ? <FormAlert>{t(actionData.formError)}</FormAlert> : null}
            <RatingForm defaultRating={preselected} defaultComment={value("comment")} error={error} />
          </div>
        ) : state === "rated" && ticket?.rating ? (
          <div className="space-y-2 text-center">
            <h1 className="text-xl font-semibold text-slate-900">{t("portal.rating.alreadyTitle")}</h1>
            <p className="flex items-center justify-center gap-2 text-sm text-slate-600">
              {t("portal.rating.yours")} <RatingBadge rating={ticket.rating.rating} />
            </p>
            {ticket.rating.comment ? <p className="whitespace-pre-wrap break-words text-sm text-slate-700">« {ticket.rating.comment} »</p> : null}
            <p className="text-sm text-slate-600">{t("portal.rating.changeInPortal")}</p>
            <Link to={`/portail/tickets/${ticket.number}`} className={buttonClasses("secondary", "md", "mt-4")}>
              {t("portal.receipt.follow")}
            </Link>
          </div>
        ) : (
          <div className="text-center" data-testid="rating-link-state" data-state={state}>
            <h1 className="text-xl font-semibold text-slate-900">{t("portal.rating.unavailableTitle")}</h1>
            <p className="mt-2 text-sm text-slate-600">
              {state === "expired" ? t("portal.rating.linkExpired") : state === "notSolved" ? t("portal.rating.notSolved") : t("portal.rating.linkInvalid")}
            </p>
            <Link to="/portail" className={buttonClasses("secondary", "md", "mt-6")}>
              {t("portal.receipt.follow")}
            </Link>
          </div>
        )}
      </div>
    </PublicPage>
  );
}

export function ErrorBoundary() {
  return (
    <PublicPage>
      <ErrorPage />
    </PublicPage>
  );
}
