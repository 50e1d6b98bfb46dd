import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { Badge, Card, type BadgeTone } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { getOutboundEmail, retryOutbound, sendingSettings } from "~/domain/channels/email/email-admin.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "E-mail · Boîte d'envoi · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const mail = await getOutboundEmail(params.outboundId ?? "");
  if (!mail) throw notFound();
  return { mail, from: sendingSettings().from };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  await readProtectedForm(request);
  const id = params.outboundId ?? "";
  try {
    await retryOutbound(id, admin.id);
  } catch (error) {
    if (error instanceof DomainError) return redirectWithToast(`/admin/boite-d-envoi/${id}`, { kind: "error", message: error.code });
    throw error;
  }
  return redirectWithToast(`/admin/boite-d-envoi/${id}`, { kind: "success", message: "email.outbox.retried" });
}

const tones: Record<string, BadgeTone> = { queued: "amber", sending: "blue", sent: "green", failed: "red" };

export default function OutboundEmailPage() {
  const { mail, from } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const rows: Array<[MessageKey, string]> = [
    ["email.outbox.from", `${from.name} <${from.address}>`],
    ["email.outbox.to", mail.toAddress],
    ["email.outbox.subject", mail.subject],
    ["email.outbox.messageId", mail.emailMessageId],
    ["email.outbox.inReplyTo", mail.inReplyTo ?? "—"],
    ["email.outbox.references", mail.references ?? "—"],
    ["email.outbox.attempts", String(mail.attempts)],
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <Link to="/admin/boite-d-envoi" className="text-sm text-brand-700 hover:underline">
            ← {t("email.outbox.title")}
          </Link>
          <Badge tone={tones[mail.status] ?? "slate"}>{t(`email.outbox.status.${mail.status}` as MessageKey)}</Badge>
          {mail.ticket ? (
            <Link to={`/support/tickets/${mail.ticket.number}`} className="text-sm text-brand-700 hover:underline">
              {t("email.outbox.ticket")} #{mail.ticket.number}
            </Link>
          ) : null}
        </div>
        {mail.status === "failed" || mail.status === "queued" ? (
          <Form method="post">
            <CsrfField />
            <Button type="submit" variant="secondary" size="sm">
              {t("email.outbox.retry")}
            </Button>
          </Form>
        ) : null}
      </div>
      <Card title={t("email.outbox.headers")}>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{t(label)}</dt>
              <dd className="break-all font-mono text-xs text-slate-800">{value}</dd>
            </div>
          ))}
          {mail.sentAt ? (
            <>
              <dt className="text-slate-600">{t("email.outbox.sentAt")}</dt>
              <dd>{format.dateTime(mail.sentAt)}</dd>
            </>
          ) : null}
          {mail.lastError ? (
            <>
              <dt className="text-slate-600">{t("email.outbox.lastError")}</dt>
              <dd className="break-words font-mono text-xs text-red-700">{mail.lastError}</dd>
            </>
          ) : null}
        </dl>
      </Card>
      <Card title={t("email.outbox.preview")}>
        {/* A sandboxed frame: the mail's own styles apply only inside it, and nothing in it can run. */}
        <iframe title={t("email.outbox.previewTitle")} sandbox="" srcDoc={mail.html} className="h-[36rem] w-full rounded border border-slate-200 bg-white" />
      </Card>
      <Card title={t("email.outbox.textPart")}>
        <pre className="whitespace-pre-wrap break-words text-sm text-slate-800">{mail.text}</pre>
      </Card>
    </div>
  );
}
