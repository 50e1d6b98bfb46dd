import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { UserForm } from "~/components/admin/user-form";
import { RatingSummaryCard } from "~/components/portal/satisfaction";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { listSessions, revokeSessions } from "~/domain/identity/sessions.server";
import { updateUserSchema } from "~/domain/identity/user-schemas";
import { getUserForAdmin, listGroups, updateUser } from "~/domain/identity/users.server";
import { ratingSummary } from "~/domain/portal/satisfaction.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Utilisateur · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  const user = await getUserForAdmin(params.userId ?? "");
  if (!user) throw notFound();
  const [groups, sessions, satisfaction] = await Promise.all([
    listGroups(),
    listSessions(user.id),
    ratingSummary({ userId: user.id }, { since: new Date(Date.now() - 90 * 24 * 60 * 60 * 1000) }),
  ]);
  return {
    user: { ...user, groupIds: user.groups.map((group) => group.id), version: user.updatedAt.toISOString() },
    groups: groups.map(({ id, name }) => ({ id, name })),
    sessions,
    satisfaction,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:user");
  const userId = params.userId ?? "";
  if (!(await getUserForAdmin(userId))) throw notFound();
  const form = await readProtectedForm(request);
  const intent = form.get("intent");
  const here = `/admin/utilisateurs/${userId}`;

  if (intent === "revoke-session" || intent === "revoke-all") {
    const sessionId = intent === "revoke-session" ? String(form.get("sessionId") ?? "") : undefined;
    const count = await revokeSessions({ actorId: admin.id, userId, sessionId });
    return redirectWithToast(here, { kind: "success", message: "admin.users.sessionsRevoked", params: { count } });
  }

  const parsed = parseForm(form, updateUserSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null }, { status: 400 });
  try {
    await updateUser(userId, { ...parsed.data, actorId: admin.id });
  } catch (error) {
    if (error instanceof DomainError) {
      const fieldErrors = error.field ? { [error.field]: error.code } : {};
      return data({ fieldErrors, values: submittedValues(form), formError: error.field ? null : error.code }, { status: 409 });
    }
    throw error;
  }
  return redirectWithToast(here, { kind: "success", message: "admin.users.saved" });
}

export default function EditUserPage() {
  const { user, groups, sessions, satisfaction } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const submitted = actionData?.values;
  const text = (name: string, fallback: string) => (submitted && typeof submitted[name] === "string" ? (submitted[name] as string) : fallback);
  const groupIds = submitted ? [submitted.groupIds ?? []].flat() : user.groupIds;
  return (
    <div className="grid gap-8 xl:grid-cols-[1fr_24rem]">
      <div>
        <h2 className="mb-4 text-lg font-semibold">{t("admin.users.edit")}</h2>
        <UserForm
          mode="edit"
          groups={groups}
          fieldErrors={actionData?.fieldErrors}
          formError={actionData?.formError ? t(actionData.formError) : null}
          values={{
            name: text("name", user.name),
            email: text("email", user.email),
            role: text("role", user.role),
            locale: text("locale", user.locale),
            groupIds,
            restrictToGroups: submitted ? submitted.restrictToGroups === "on" : user.restrictToGroups,
            writesKnowledge: submitted ? submitted.writesKnowledge === "on" : user.writesKnowledge,
            active: submitted ? submitted.active === "on" : user.active,
            version: user.version,
          }}
        />
      </div>
      <div className="space-y-8">
        <Card
          title={t("admin.users.sessions")}
          actions={
            sessions.length > 0 ? (
              <Form method="post">
                <CsrfField />
                <Button type="submit" name="intent" value="revoke-all" variant="danger" size="sm">
                  {t("admin.users.revokeAll")}
                </Button>
              </Form>
            ) : null
          }
        >
          {sessions.length === 0 ? (
            <p className="text-sm text-slate-600">{t("admin.users.noSessions")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {sessions.map((session) => (
                <li key={session.id} className="flex items-start justify-between gap-3 py-2 text-sm">
                  <div className="min-w-0">
                    <p className="truncate text-slate-800" title={session.userAgent}>
                      {session.userAgent || "—"}
                    </p>
                    <p className="text-xs text-slate-500">
                      {t("admin.users.sessionStarted", { date: format.dateTime(session.createdAt) })} · {session.ipAddress || "—"} ·{" "}
                      {t("admin.users.sessionSeen", { date: format.relative(session.lastSeenAt) })}
                    </p>
                  </div>
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="sessionId" value={session.id} />
                    <Button type="submit" name="intent" value="revoke-session" variant="secondary" size="sm">
                      {t("admin.users.revoke")}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <RatingSummaryCard summary={satisfaction} title={t("portal.rating.summaryLast90")} />
      </div>
    </div>
  );
}
