import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Badge, Card, EmptyState, Table, Td, Th } from "~/components/ui/layout";
import { sendingSettings } from "~/domain/channels/email/email-admin.server";
import { listMailboxes } from "~/domain/channels/email/mailboxes.server";
import { requireUser } from "~/lib/auth.server";
import { formatBytes } from "~/lib/mail/processing-note";

export const meta: MetaFunction = () => [{ title: "Boîtes mail · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const mailboxes = await listMailboxes();
  return {
    sending: sendingSettings(),
    mailboxes: mailboxes.map((mailbox) => ({
      id: mailbox.id,
      name: mailbox.name,
      server: `${mailbox.host}:${mailbox.port}`,
      tls: mailbox.tls,
      username: mailbox.username,
      folder: mailbox.folder,
      group: mailbox.defaultGroup?.name ?? null,
      active: mailbox.active,
      fromEnvironment: mailbox.fromEnvironment,
      lastPolledAt: mailbox.lastPolledAt,
      lastError: mailbox.lastError,
      mailCount: mailbox._count.inboundEmails,
    })),
  };
}

export default function MailboxesPage() {
  const { mailboxes, sending } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">{t("email.mailbox.title")}</h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("email.mailbox.intro")}</p>
        </div>
        <ButtonLink to="/admin/boites-mail/nouvelle" variant="primary">
          {t("email.mailbox.new")}
        </ButtonLink>
      </div>
      {mailboxes.length === 0 ? (
        <EmptyState>{t("email.mailbox.none")}</EmptyState>
      ) : (
        <Table caption={t("email.mailbox.title")}>
          <thead>
            <tr>
              <Th>{t("email.mailbox.colName")}</Th>
              <Th>{t("email.mailbox.colServer")}</Th>
              <Th className="hidden md:table-cell">{t("email.mailbox.colAccount")}</Th>
              <Th className="hidden md:table-cell">{t("email.mailbox.colFolder")}</Th>
              <Th className="hidden lg:table-cell">{t("email.mailbox.colGroup")}</Th>
              <Th>{t("email.mailbox.colState")}</Th>
              <Th>{t("email.mailbox.colMail")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {mailboxes.map((mailbox) => (
              <tr key={mailbox.id}>
                <Td>
                  <Link to={`/admin/boites-mail/${mailbox.id}`} className="font-medium text-brand-700 hover:underline">
                    {mailbox.name}
                  </Link>
                  {mailbox.fromEnvironment ? (
                    <div className="mt-1">
                      <Badge tone="violet">{t("email.mailbox.environment")}</Badge>
                    </div>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap">
                  {mailbox.server} {mailbox.tls ? <span className="text-xs text-slate-500">TLS</span> : null}
                </Td>
                <Td className="hidden md:table-cell">{mailbox.username}</Td>
                <Td className="hidden md:table-cell">{mailbox.folder}</Td>
                <Td className="hidden lg:table-cell">{mailbox.group ?? "—"}</Td>
                <Td>
                  {mailbox.active ? <Badge tone={mailbox.lastError ? "red" : "green"}>{t("email.mailbox.active")}</Badge> : <Badge>{t("email.mailbox.inactive")}</Badge>}
                  <p className="mt-1 text-xs text-slate-500">
                    {mailbox.lastPolledAt ? t("email.mailbox.lastPolled", { when: format.relative(mailbox.lastPolledAt) }) : t("email.mailbox.neverPolled")}
                  </p>
                  {mailbox.lastError ? <p className="mt-1 max-w-xs break-words text-xs text-red-700">{t("email.mailbox.lastError", { error: mailbox.lastError })}</p> : null}
                </Td>
                <Td className="tabular-nums">{format.number(mailbox.mailCount)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Card title={t("email.admin.sending")}>
        <div className="space-y-2 text-sm text-slate-700">
          {sending.smtpConfigured ? (
            <p>{t("email.admin.smtpConfigured", { host: sending.smtpHost ?? "", from: `${sending.from.name} <${sending.from.address}>` })}</p>
          ) : (
            <p className="text-amber-800">{t("email.admin.smtpMissing")}</p>
          )}
          <p className="text-slate-600">
            {t("email.admin.limits", {
              perFile: formatBytes(sending.maxAttachmentBytes, format, t),
              perMessage: formatBytes(sending.maxMessageAttachmentBytes, format, t),
              acks: format.number(sending.acknowledgementsPerHour),
            })}
          </p>
        </div>
      </Card>
    </div>
  );
}
