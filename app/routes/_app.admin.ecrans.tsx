import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Badge, Card, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { listGroups } from "~/domain/identity/users.server";
import { wallBoardFormSchema } from "~/domain/reporting/wall-board-schemas";
import { createWallBoard, listWallBoards, revokeWallBoard } from "~/domain/reporting/wall-boards.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { env } from "~/lib/env.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Écrans muraux · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  const [boards, groups] = await Promise.all([listWallBoards(), listGroups()]);
  return {
    groups: groups.map((group) => ({ id: group.id, name: group.name })),
    boards: boards.map((board) => ({
      id: board.id,
      name: board.name,
      groupName: board.group?.name ?? null,
      createdBy: board.createdBy?.name ?? null,
      createdAt: board.createdAt.toISOString(),
      lastSeenAt: board.lastSeenAt?.toISOString() ?? null,
      revokedAt: board.revokedAt?.toISOString() ?? null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:user");
  const form = await readProtectedForm(request);
  const intent = form.get("intent");
  if (intent === "revoke") {
    try {
      await revokeWallBoard({ wallBoardId: String(form.get("wallBoardId") ?? ""), actorId: admin.id });
    } catch (error) {
      if (error instanceof DomainError) throw notFound();
      throw error;
    }
    return redirectWithToast("/admin/ecrans", { kind: "success", message: "wallBoard.admin.revoked" });
  }
  const parsed = parseForm(form, wallBoardFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, created: null }, { status: 400 });
  try {
    const created = await createWallBoard({ name: parsed.data.name, groupId: parsed.data.groupId || null, actorId: admin.id });
    // The link exists in clear only in this answer: shown once, never stored.
    const url = new URL(`/ecran/${created.token}`, env().PUBLIC_URL).toString();
    return data({ fieldErrors: {} as FieldErrors, values: {} as Record<string, string | string[]>, created: { name: parsed.data.name, url } });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "name"]: error.code } as FieldErrors, values: submittedValues(form), created: null }, { status: 400 });
    throw error;
  }
}

/** Administration › Écrans muraux: the wall screens' board links, created and revoked here. */
export default function WallBoardsAdminPage() {
  const { boards, groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const [copied, setCopied] = useState(false);
  const error = (name: string) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (name: string) => {
    const submitted = actionData?.values?.[name];
    return typeof submitted === "string" ? submitted : "";
  };
  const created = actionData?.created ?? null;
  return (
    <div className="grid gap-8 xl:grid-cols-[1fr_24rem]">
      <div className="space-y-4">
        <p className="text-sm text-slate-600">{t("wallBoard.admin.intro")}</p>
        {created ? (
          <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
            <p className="mb-2 font-medium">{t("wallBoard.admin.created", { name: created.name })}</p>
            <div className="flex flex-wrap items-center gap-2">
              <code data-testid="new-wall-board-url" className="break-all rounded bg-white px-2 py-1 font-mono text-xs">
                {created.url}
              </code>
              <Button
                type="button"
                variant="secondary"
                size="sm"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.url).then(() => setCopied(true));
                }}
              >
                {copied ? t("wallBoard.admin.copied") : t("wallBoard.admin.copy")}
              </Button>
            </div>
            <p className="mt-2 text-xs">{t("wallBoard.admin.shownOnce")}</p>
          </div>
        ) : null}
        {boards.length === 0 ? (
          <p className="text-sm text-slate-600">{t("wallBoard.admin.none")}</p>
        ) : (
          <Table caption={t("wallBoard.admin.title")}>
            <thead>
              <tr>
                <Th>{t("wallBoard.admin.name")}</Th>
                <Th>{t("wallBoard.admin.scope")}</Th>
                <Th>{t("wallBoard.admin.createdBy")}</Th>
                <Th>{t("wallBoard.admin.lastSeen")}</Th>
                <Th>
                  <span className="sr-only">{t("wallBoard.admin.actions")}</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {boards.map((board) => (
                <tr key={board.id}>
                  <Td className="font-medium">{board.name}</Td>
                  <Td>{board.groupName ?? t("wallBoard.admin.allGroups")}</Td>
                  <Td className="text-slate-600">
                    {t("wallBoard.admin.createdByAt", { name: board.createdBy ?? "—", date: format.dateTime(board.createdAt) })}
                  </Td>
                  <Td className="text-slate-600">{board.lastSeenAt ? format.dateTime(board.lastSeenAt) : t("wallBoard.admin.neverSeen")}</Td>
                  <Td className="text-right">
                    {board.revokedAt ? (
                      <Badge tone="red">{t("wallBoard.admin.revokedAt", { date: format.date(board.revokedAt) })}</Badge>
                    ) : (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="wallBoardId" value={board.id} />
                        <Button type="submit" variant="secondary" size="sm" aria-label={t("wallBoard.admin.revokeNamed", { name: board.name })}>
                          {t("wallBoard.admin.revoke")}
                        </Button>
                      </Form>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
      <Card title={t("wallBoard.admin.new")}>
        <Form method="post" className="space-y-4" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="create" />
          <TextField label={t("wallBoard.admin.name")} name="name" required maxLength={100} defaultValue={value("name")} error={error("name")} />
          <SelectField
            label={t("wallBoard.admin.scope")}
            name="groupId"
            defaultValue={value("groupId")}
            error={error("groupId")}
            options={[{ value: "", label: t("wallBoard.admin.allGroups") }, ...groups.map((group) => ({ value: group.id, label: group.name }))]}
          />
          <Button type="submit">{t("wallBoard.admin.create")}</Button>
        </Form>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
