import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MailboxForm } from "~/components/email/mailbox-form";
import { useI18n } from "~/components/i18n";
import { Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { mailboxFormSchema } from "~/domain/channels/email/mailbox-schemas";
import { createMailbox, testMailboxConnection } from "~/domain/channels/email/mailboxes.server";
import { listGroups } from "~/domain/identity/users.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouvelle boîte mail · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  return { groups: (await listGroups()).map((group) => ({ id: group.id, name: group.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, mailboxFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, test: null }, { status: 400 });
  if (form.get("intent") === "test") {
    const test = await testMailboxConnection({ form: parsed.data });
    return data({ fieldErrors: null, values: submittedValues(form), test });
  }
  try {
    await createMailbox({ ...parsed.data, actorId: admin.id });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "name"]: error.code }, values: submittedValues(form), test: null }, { status: 400 });
    throw error;
  }
  return redirectWithToast("/admin/boites-mail", { kind: "success", message: "email.mailbox.created", params: { name: parsed.data.name } });
}

export default function NewMailboxPage() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <Card title={t("email.mailbox.newTitle")} className="max-w-3xl">
      <MailboxForm
        editing={false}
        groups={groups}
        defaults={{ name: "Support", host: "", port: "993", tls: true, username: "", folder: "INBOX", defaultGroupId: "", afterProcessing: "leave", moveToFolder: "", pollSeconds: "60", active: true }}
        values={actionData?.values}
        fieldErrors={actionData?.fieldErrors}
        test={actionData?.test}
      />
    </Card>
  );
}
