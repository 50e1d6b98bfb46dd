import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ConnectionTestResult, MailboxForm } from "~/components/email/mailbox-form";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/field";
import { Badge, Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { mailboxFormSchema } from "~/domain/channels/email/mailbox-schemas";
import { deleteMailbox, getMailbox, testMailboxConnection, updateMailbox } from "~/domain/channels/email/mailboxes.server";
import { listGroups } from "~/domain/identity/users.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Boîte mail · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const mailbox = await getMailbox(params.mailboxId ?? "");
  if (!mailbox) throw notFound();
  return {
    mailbox: { ...mailbox, uidValidity: mailbox.uidValidity?.toString() ?? null, mailCount: mailbox._count.inboundEmails },
    groups: (await listGroups()).map((group) => ({ id: group.id, name: group.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const mailboxId = params.mailboxId ?? "";
  const mailbox = await getMailbox(mailboxId);
  if (!mailbox) throw notFound();
  const form = await readProtectedForm(request);
  const intent = form.get("intent");

  if (intent === "delete") {
    try {
      await deleteMailbox(mailboxId, admin.id);
    } catch (error) {
      if (error instanceof DomainError) return data({ fieldErrors: null, values: null, test: null, formError: error.code as MessageKey }, { status: 409 });
      throw error;
    }
    return redirectWithToast("/admin/boites-mail", { kind: "success", message: "email.mailbox.deleted" });
  }
  if (intent === "test-stored") {
    return data({ fieldErrors: null, values: null, test: await testMailboxConnection({ mailboxId }), formError: null });
  }
  if (mailbox.fromEnvironment) {
    return data({ fieldErrors: null, values: null, test: null, formError: "email.mailbox.environmentReadOnly" as MessageKey }, { status: 403 });
  }

  const parsed = parseForm(form, mailboxFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, test: null, formError: null }, { status: 400 });
  if (intent === "test") {
    try {
      const test = await testMailboxConnection({ mailboxId, form: parsed.data });
      return data({ fieldErrors: null, values: submittedValues(form), test, formError: null });
    } catch (error) {
      if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "password"]: error.code }, values: submittedValues(form), test: null, formError: null }, { status: 400 });
      throw error;
    }
  }
  try {
    await updateMailbox(mailboxId, { ...parsed.data, actorId: admin.id });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "name"]: error.code }, values: submittedValues(form), test: null, formError: null }, { status: 400 });
    throw error;
  }
  return redirectWithToast("/admin/boites-mail", { kind: "success", message: "email.mailbox.saved", params: { name: parsed.data.name } });
}

export default function MailboxPage() {
  const { mailbox, groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const formError = actionData && "formError" in actionData ? actionData.formError : null;
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
      <Card title={t("email.mailbox.editTitle", { name: mailbox.name })} className="max-w-3xl">
        {formError ? (
          <div className="mb-4">
            <FormAlert>{t(formError)}</FormAlert>
          </div>
        ) : null}
        {mailbox.fromEnvironment ? (
          <div className="space-y-4">
            <p className="text-sm text-slate-700">{t("email.mailbox.environmentHint")}</p>
            <ConnectionTestResult test={actionData?.test} />
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-slate-600">{t("email.mailbox.host")}</dt>
              <dd>{`${mailbox.host}:${mailbox.port}${mailbox.tls ? " (TLS)" : ""}`}</dd>
              <dt className="text-slate-600">{t("email.mailbox.username")}</dt>
              <dd>{mailbox.username}</dd>
              <dt className="text-slate-600">{t("email.mailbox.folder")}</dt>
              <dd>{mailbox.folder}</dd>
              <dt className="text-slate-600">{t("email.mailbox.pollSeconds")}</dt>
              <dd>{format.number(mailbox.pollSeconds)}</dd>
            </dl>
            <Form method="post">
              <CsrfField />
              <Button type="submit" name="intent" value="test-stored" variant="secondary">
                {t("email.mailbox.test")}
              </Button>
            </Form>
          </div>
        ) : (
          <MailboxForm
            editing
            groups={groups}
            defaults={{
              name: mailbox.name,
              host: mailbox.host,
              port: String(mailbox.port),
              tls: mailbox.tls,
              username: mailbox.username,
              folder: mailbox.folder,
              defaultGroupId: mailbox.defaultGroupId ?? "",
              afterProcessing: mailbox.afterProcessing,
              moveToFolder: mailbox.moveToFolder,
              pollSeconds: String(mailbox.pollSeconds),
              active: mailbox.active,
            }}
            values={actionData?.values}
            fieldErrors={actionData?.fieldErrors}
            test={actionData?.test}
          />
        )}
      </Card>
      <div className="space-y-4">
        <Card title={t("email.mailbox.colState")}>
          <div className="space-y-2 text-sm text-slate-700">
            <p>{mailbox.active ? <Badge tone="green">{t("email.mailbox.active")}</Badge> : <Badge>{t("email.mailbox.inactive")}</Badge>}</p>
            <p>{mailbox.lastPolledAt ? t("email.mailbox.lastPolled", { when: format.dateTime(mailbox.lastPolledAt) }) : t("email.mailbox.neverPolled")}</p>
            {mailbox.lastError ? <p className="break-words text-red-700">{t("email.mailbox.lastError", { error: mailbox.lastError })}</p> : null}
            <p className="text-xs text-slate-500">{t("email.mailbox.cursor", { uidValidity: mailbox.uidValidity ?? "—", lastUid: mailbox.lastUid })}</p>
          </div>
        </Card>
        {mailbox.fromEnvironment ? null : (
          <Card title={t("email.mailbox.delete")}>
            <Form method="post" className="space-y-3">
              <CsrfField />
              <p className="text-sm text-slate-600">{t("email.mailbox.deleteHint")}</p>
              <Button type="submit" name="intent" value="delete" variant="danger" size="sm" disabled={mailbox.mailCount > 0}>
                {t("email.mailbox.delete")}
              </Button>
            </Form>
          </Card>
        )}
      </div>
    </div>
  );
}
