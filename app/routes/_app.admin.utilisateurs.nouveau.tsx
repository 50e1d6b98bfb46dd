import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { UserForm } from "~/components/admin/user-form";
import { useI18n } from "~/components/i18n";
import { DomainError } from "~/domain/errors";
import { createUserSchema } from "~/domain/identity/user-schemas";
import { createUser, listGroups } from "~/domain/identity/users.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouvel utilisateur · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  return { groups: (await listGroups()).map(({ id, name }) => ({ id, name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:user");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, createUserSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    const user = await createUser({ ...parsed.data, actorId: admin.id });
    return redirectWithToast(`/admin/utilisateurs/${user.id}`, { kind: "success", message: "admin.users.created", params: { name: parsed.data.name } });
  } catch (error) {
    if (error instanceof DomainError) {
      return data({ fieldErrors: { [error.field ?? "form"]: error.code }, values: submittedValues(form) }, { status: 409 });
    }
    throw error;
  }
}

export default function NewUserPage() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const submitted = actionData?.values ?? {};
  const text = (name: string, fallback = "") => (typeof submitted[name] === "string" ? (submitted[name] as string) : fallback);
  const list = (name: string) => {
    const value = submitted[name];
    return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  };
  return (
    <>
      <h2 className="mb-4 text-lg font-semibold">{t("admin.users.new")}</h2>
      <UserForm
        mode="create"
        groups={groups}
        fieldErrors={actionData?.fieldErrors}
        values={{
          name: text("name"),
          email: text("email"),
          role: text("role", "technician"),
          locale: text("locale", "fr"),
          groupIds: list("groupIds"),
          restrictToGroups: submitted.restrictToGroups === "on",
          writesKnowledge: submitted.writesKnowledge === "on",
          active: true,
        }}
      />
    </>
  );
}
