import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { AttachmentsField } from "~/components/portal/fields";
import { TextareaField } from "~/components/ui/field";
import { PortalErrorPage } from "~/components/portal/portal-shell";
import { RatingBadge, RatingForm } from "~/components/portal/satisfaction";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { FormAlert } from "~/components/ui/field";
import { Card } from "~/components/ui/layout";
import { portalReplySchema, webFormFields, webFormLimits } from "~/domain/channels/web-form/web-form-schema";
import { DomainError } from "~/domain/errors";
import { closeFromPortal, getPortalTicket, reopenFromPortal, replyFromPortal } from "~/domain/portal/portal-tickets.server";
import { ratingSchema } from "~/domain/portal/satisfaction";
import { rateTicket } from "~/domain/portal/satisfaction.server";
import { redirectWithToast } from "~/lib/auth.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { requireCustomer, viewerOf } from "~/lib/portal/portal-auth.server";
import { visiblePortalTicketId } from "~/domain/portal/portal-access.server";
import { formatFileSize } from "~/lib/upload-rules";
import { readProtectedUploadForm } from "~/lib/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: page ? `#${page.ticket.number} · Espace client · Comptoir` : "Espace client · Comptoir" }];

function ticketNumber(raw: string | undefined): number {
  return /^\d{1,9}$/.test(raw ?? "") ? Number(raw) : -1;
}

/** One request as the customer sees it: the public thread only, and what they may do with it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const customer = await requireCustomer(request);
  const ticket = await getPortalTicket(viewerOf(customer), ticketNumber(params.number));
  if (!ticket) throw notFound();
  return { ticket };
}

type ActionResult = {
  intent: string;
  fieldErrors: FieldErrors;
  formError?: MessageKey | null;
  values?: Record<string, string>;
  filesToSelectAgain?: string[];
  rejectedFiles?: Array<{ filename: string; reason: "type" | "too_large" | "too_many" | "total_too_large" | "unreadable" }>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const customer = await requireCustomer(request);
  const viewer = viewerOf(customer);
  const number = ticketNumber(params.number);
  const upload = await readProtectedUploadForm(request, { fileField: webFormFields.files });
  const intent = String(upload.form.get("intent") ?? "");
  const here = `/portail/tickets/${number}`;
  const refuse = (result: ActionResult, status = 400) => data(result, { status });

  // Checked before anything else, so that a refused id looks exactly like a missing ticket.
  const ticketId = await visiblePortalTicketId(viewer, number);
  if (!ticketId) throw notFound();

  try {
    switch (intent) {
      case "reply": {
        const parsed = parseForm(upload.form, portalReplySchema);
        const fieldErrors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors };
        if (upload.oversizedFields.includes("body")) fieldErrors.body = "validation.tooLong";
        if (upload.rejected.length > 0) fieldErrors[webFormFields.files] = "portal.files.someRefused";
        if (!parsed.ok || Object.keys(fieldErrors).length > 0) {
          return refuse({
            intent,
            fieldErrors,
            values: { body: String(upload.form.get("body") ?? "") },
            filesToSelectAgain: upload.files.map((file) => file.filename),
            rejectedFiles: upload.rejected,
          });
        }
        const result = await replyFromPortal(viewer, number, { body: parsed.data.body, files: upload.files });
        return redirectWithToast(`${here}#message-${result.messageId}`, { kind: "success", message: result.reopened ? "portal.ticket.replySentReopened" : "portal.ticket.replySent" });
      }
      case "close":
        await closeFromPortal(viewer, number);
        return redirectWithToast(here, { kind: "success", message: "portal.ticket.closedToast" });
      case "reopen":
        await reopenFromPortal(viewer, number);
        return redirectWithToast(here, { kind: "success", message: "portal.ticket.reopenedToast" });
      case "rate": {
        const parsed = parseForm(upload.form, ratingSchema);
        if (!parsed.ok) return refuse({ intent, fieldErrors: parsed.fieldErrors, values: { rating: String(upload.form.get("rating") ?? ""), comment: String(upload.form.get("comment") ?? "") } });
        await rateTicket({ ticketId, contactId: viewer.contactId, rating: parsed.data.rating, comment: parsed.data.comment, via: "portal" });
        return redirectWithToast(here, { kind: "success", message: "portal.rating.thanks" });
      }
      default:
        return refuse({ intent, fieldErrors: {}, formError: "portal.ticket.unknownAction" });
    }
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return refuse({ intent, fieldErrors: {}, formError: error.code, values: { body: String(upload.form.get("body") ?? "") } }, 409);
    }
    throw error;
  }
}

export default function PortalTicketPage() {
  const { ticket } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format, locale } = useI18n();
  const [fileProblems, setFileProblems] = useState(false);
  const errorFor = (intent: string) => (name: string) => {
    if (actionData?.intent !== intent) return null;
    const key = actionData.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const replyError = errorFor("reply");
  return (
    <div className="space-y-6">
      <div>
        <Link to="/portail" className="text-sm text-brand-700 hover:underline">
          ← {t("portal.ticket.back")}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div>
            <p className="text-sm tabular-nums text-slate-500">{`#${ticket.number}`}</p>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{ticket.subject}</h1>
            <p className="mt-1 text-sm text-slate-600">
              {t(`ticket.type.${ticket.type}` as MessageKey)} · {t("portal.ticket.openedOn", { date: format.dateTime(ticket.createdAt) })}
              {ticket.requesterName ? ` · ${t("portal.ticket.requestedBy", { name: ticket.requesterName })}` : null}
            </p>
          </div>
          <StatusBadge status={ticket.status} />
        </div>
      </div>

      {actionData?.formError ? <FormAlert>{t(actionData.formError)}</FormAlert> : null}
      {ticket.mergedIntoNumber ? (
        <p className="rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
          {t("portal.ticket.merged", { number: ticket.mergedIntoNumber })}{" "}
          <Link to={`/portail/tickets/${ticket.mergedIntoNumber}`} className="font-medium text-brand-700 hover:underline">
            {t("portal.ticket.mergedLink")}
          </Link>
        </p>
      ) : null}

      <ol className="space-y-4" aria-label={t("portal.ticket.thread")}>
        {ticket.messages.map((message) => (
          <li
            key={message.id}
            id={`message-${message.id}`}
            className={cn("rounded-lg border p-4 shadow-sm", message.fromCustomer ? "border-slate-200 bg-white" : "border-brand-100 bg-brand-50/60")}
          >
            <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span className="font-medium text-slate-900">
                {message.mine ? t("portal.ticket.you") : message.fromCustomer ? message.authorName : t("portal.ticket.agent", { name: message.authorName || t("portal.ticket.supportTeam") })}
              </span>
              <time className="text-xs text-slate-500" dateTime={new Date(message.createdAt).toISOString()}>
                {format.dateTime(message.createdAt)}
              </time>
            </div>
            <div className="whitespace-pre-wrap break-words text-sm text-slate-800">{message.bodyText}</div>
            {message.attachments.length > 0 ? (
              <ul className="mt-3 flex flex-wrap gap-2" aria-label={t("portal.ticket.attachments")}>
                {message.attachments.map((attachment) => (
                  <li key={attachment.id}>
                    <a
                      href={`/portail/pieces-jointes/${attachment.id}`}
                      className="inline-flex items-center gap-2 rounded-md bg-white px-3 py-1.5 text-sm text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                    >
                      <span aria-hidden="true">📎</span>
                      {attachment.filename}
                      <span className="text-xs text-slate-500">{formatFileSize(attachment.size, locale)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>

      {ticket.can.rate ? (
        <Card title={t("portal.rating.title")}>
          {ticket.rating ? (
            <div className="mb-4 flex flex-wrap items-center gap-2 text-sm" data-testid="my-rating">
              <span className="text-slate-600">{t("portal.rating.yours")}</span>
              <RatingBadge rating={ticket.rating.rating} />
              {ticket.rating.comment ? <span className="whitespace-pre-wrap break-words text-slate-700">« {ticket.rating.comment} »</span> : null}
            </div>
          ) : (
            <p className="mb-4 text-sm text-slate-600">{t("portal.rating.invite")}</p>
          )}
          <RatingForm
            intent="rate"
            defaultRating={actionData?.intent === "rate" ? actionData.values?.rating : ticket.rating?.rating}
            defaultComment={actionData?.intent === "rate" ? actionData.values?.comment : ticket.rating?.comment}
            error={errorFor("rate")}
            submitLabel={ticket.rating ? t("portal.rating.change") : undefined}
          />
        </Card>
      ) : null}

      {ticket.can.close || ticket.can.reopen ? (
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-700">
              {ticket.status === "solved" ? t("portal.ticket.solvedText") : t("portal.ticket.closedText")}
              {ticket.reopenUntil ? ` ${t("portal.ticket.reopenUntil", { date: format.date(ticket.reopenUntil) })}` : null}
            </p>
            <div className="flex gap-2">
              {ticket.can.close ? (
                <Form method="post" encType="multipart/form-data">
                  <CsrfField />
                  <input type="hidden" name="intent" value="close" />
                  <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>
                    {t("portal.ticket.close")}
                  </Button>
                </Form>
              ) : null}
              {ticket.can.reopen ? (
                <Form method="post" encType="multipart/form-data">
                  <CsrfField />
                  <input type="hidden" name="intent" value="reopen" />
                  <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>
                    {t("portal.ticket.reopen")}
                  </Button>
                </Form>
              ) : null}
            </div>
          </div>
        </Card>
      ) : null}

      {ticket.can.reply ? (
        <Card title={t("portal.ticket.replyTitle")}>
          <Form
            // A new message empties the box (the page stays mounted after the redirect).
            key={ticket.messages.length}
            method="post"
            encType="multipart/form-data"
            className="space-y-4"
            noValidate
            onSubmit={(event) => {
              if (fileProblems) event.preventDefault();
            }}
          >
            <CsrfField />
            <input type="hidden" name="intent" value="reply" />
            <TextareaField
              label={t("portal.ticket.replyLabel")}
              name="body"
              rows={6}
              required
              maxLength={webFormLimits.description}
              defaultValue={actionData?.intent === "reply" ? actionData.values?.body ?? "" : ""}
              error={replyError("body")}
              hint={ticket.status === "solved" ? t("portal.ticket.replyReopens") : undefined}
            />
            <AttachmentsField
              name={webFormFields.files}
              error={replyError(webFormFields.files)}
              filesToSelectAgain={actionData?.intent === "reply" ? actionData.filesToSelectAgain : undefined}
              rejected={actionData?.intent === "reply" ? actionData.rejectedFiles : undefined}
              onProblemsChange={setFileProblems}
            />
            <Button type="submit" disabled={navigation.state === "submitting"}>
              {t("portal.ticket.send")}
            </Button>
          </Form>
        </Card>
      ) : (
        <p className="rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
          {t("portal.ticket.noMoreReplies")}{" "}
          <Link to="/portail/nouvelle-demande" className="font-medium text-brand-700 hover:underline">
            {t("portal.nav.newRequest")}
          </Link>
        </p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <PortalErrorPage />;
}
