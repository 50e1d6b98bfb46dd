import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { CannedReplyForm } from "~/components/helpdesk/canned-reply-form";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField } from "~/components/ui/field";
import { Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { deleteCannedReply, getCannedReply, UnknownPlaceholderError, updateCannedReply } from "~/domain/helpdesk/canned-replies.server";
import { cannedReplySchema } from "~/domain/helpdesk/workspace-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Réponse type · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const reply = await getCannedReply(params.replyId ?? "");
  if (!reply) throw notFound();
  return { reply: { id: reply.id, title: reply.title, body: reply.body, version: reply.updatedAt.toISOString() } };
}

type Refusal = { intent: string; fieldErrors: FieldErrors; values: Record<string, string | string[]>; unknown: string[]; formError: MessageKey | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const reply = await getCannedReply(params.replyId ?? "");
  if (!reply) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const refuse = (refusal: Partial<Refusal>, status = 400) =>
    data<Refusal>({ intent, fieldErrors: {}, values: submittedValues(form), unknown: [], formError: null, ...refusal }, { status });

  if (intent === "delete") {
    if (form.get("confirm") !== "on") return refuse({ fieldErrors: { confirm: "validation.required" } });
    await deleteCannedReply(reply.id, admin.id);
    return redirectWithToast("/admin/reponses-types", { kind: "success", message: "helpdesk.canned.deleted", params: { title: reply.title } });
  }
  if (intent !== "save") throw data({ reason: "bad_intent" }, { status: 400 });
  const parsed = parseForm(form, cannedReplySchema);
  if (!parsed.ok) return refuse({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  try {
    await updateCannedReply(reply.id, { title: parsed.data.title, body: parsed.data.body, version: parsed.data.version, actorId: admin.id });
  } catch (error) {
    if (error instanceof UnknownPlaceholderError) return refuse({ fieldErrors: { body: error.code }, unknown: error.placeholders });
    if (error instanceof DomainError) return refuse(error.field ? { fieldErrors: { [error.field]: error.code } } : { formError: error.code }, 409);
    throw error;
  }
  return redirectWithToast(`/admin/reponses-types/${reply.id}`, { kind: "success", message: "helpdesk.canned.saved" });
}

export default function EditCannedReplyPage() {
  const { reply } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const saveRefusal = actionData?.intent === "save" ? actionData : null;
  const text = (name: string, fallback: string) => {
    const submitted = saveRefusal?.values[name];
    return typeof submitted === "string" ? submitted : fallback;
  };
  return (
    <div className="space-y-8">
      <div>
        <p className="mb-2 text-sm">
          <Link to="/admin/reponses-types" className="text-brand-700 hover:underline">
            ← {t("helpdesk.canned.title")}
          </Link>
        </p>
        <h2 className="mb-4 text-lg font-semibold">{t("helpdesk.canned.edit")}</h2>
        <CannedReplyForm
          key={reply.version}
          values={{ title: text("title", reply.title), body: text("body", reply.body), version: reply.version }}
          fieldErrors={saveRefusal?.fieldErrors}
          formError={saveRefusal?.formError ? t(saveRefusal.formError) : null}
          unknownPlaceholders={saveRefusal?.unknown}
          submitLabel={t("common.save")}
        />
      </div>
      <Card title={t("helpdesk.canned.deleteTitle")} className="max-w-xl border-red-200">
        <Form method="post" className="space-y-3">
          <CsrfField />
          <input type="hidden" name="intent" value="delete" />
          <p className="text-sm text-slate-600">{t("helpdesk.canned.deleteHint")}</p>
          <CheckboxField
            label={t("helpdesk.canned.deleteConfirm")}
            name="confirm"
            error={actionData?.intent === "delete" && actionData.fieldErrors.confirm ? t(actionData.fieldErrors.confirm) : null}
          />
          <Button type="submit" variant="danger">
            {t("helpdesk.canned.delete")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
