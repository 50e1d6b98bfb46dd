import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { CannedReplyForm } from "~/components/helpdesk/canned-reply-form";
import { useI18n } from "~/components/i18n";
import { createCannedReply, UnknownPlaceholderError } from "~/domain/helpdesk/canned-replies.server";
import { cannedReplySchema } from "~/domain/helpdesk/workspace-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouvelle réponse type · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, cannedReplySchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, unknown: [] as string[] }, { status: 400 });
  try {
    await createCannedReply({ title: parsed.data.title, body: parsed.data.body, actorId: admin.id });
  } catch (error) {
    if (error instanceof UnknownPlaceholderError) {
      return data({ fieldErrors: { body: error.code }, values: submittedValues(form), unknown: error.placeholders }, { status: 400 });
    }
    throw error;
  }
  return redirectWithToast("/admin/reponses-types", { kind: "success", message: "helpdesk.canned.created", params: { title: parsed.data.title } });
}

export default function NewCannedReplyPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const value = (name: string) => {
    const submitted = actionData?.values?.[name];
    return typeof submitted === "string" ? submitted : "";
  };
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link to="/admin/reponses-types" className="text-brand-700 hover:underline">
          ← {t("helpdesk.canned.title")}
        </Link>
      </p>
      <h2 className="mb-4 text-lg font-semibold">{t("helpdesk.canned.new")}</h2>
      <CannedReplyForm
        values={{ title: value("title"), body: value("body") }}
        fieldErrors={actionData?.fieldErrors}
        unknownPlaceholders={actionData?.unknown}
        submitLabel={t("common.create")}
      />
    </div>
  );
}
