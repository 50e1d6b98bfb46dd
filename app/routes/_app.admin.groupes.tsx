import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { Card, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { groupFormSchema } from "~/domain/identity/user-schemas";
import { createGroup, listGroups } from "~/domain/identity/users.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Groupes · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  return { groups: await listGroups() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:user");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, groupFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    await createGroup({ ...parsed.data, actorId: admin.id });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "name"]: error.code }, values: submittedValues(form) }, { status: 409 });
    throw error;
  }
  return redirectWithToast("/admin/groupes", { kind: "success", message: "admin.groups.created", params: { name: parsed.data.name } });
}

export default function GroupsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const error = (name: string) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (name: string) => {
    const submitted = actionData?.values?.[name];
    return typeof submitted === "string" ? submitted : "";
  };
  return (
    <div className="grid gap-8 xl:grid-cols-[1fr_22rem]">
      <Table caption={t("admin.groups")}>
        <thead>
          <tr>
            <Th>{t("admin.groups.name")}</Th>
            <Th>{t("admin.groups.description")}</Th>
            <Th>{t("admin.groups.members")}</Th>
            <Th>{t("admin.groups.tickets")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {groups.map((group) => (
            <tr key={group.id}>
              <Td className="font-medium">{group.name}</Td>
              <Td className="text-slate-600">{group.description}</Td>
              <Td className="tabular-nums">{format.number(group._count.users)}</Td>
              <Td className="tabular-nums">{format.number(group._count.tickets)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Card title={t("admin.groups.new")}>
        <Form method="post" className="space-y-4" noValidate>
          <CsrfField />
          <TextField label={t("admin.groups.name")} name="name" required defaultValue={value("name")} error={error("name")} />
          <TextField label={t("admin.groups.description")} name="description" defaultValue={value("description")} error={error("description")} />
          <Button type="submit">{t("common.create")}</Button>
        </Form>
      </Card>
    </div>
  );
}
