import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Badge, Table, Td, Th } from "~/components/ui/layout";
import { listUsers } from "~/domain/identity/users.server";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Utilisateurs · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  return { users: await listUsers() };
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <div className="mb-4 flex justify-end">
        <ButtonLink to="/admin/utilisateurs/nouveau" variant="primary">
          {t("admin.users.new")}
        </ButtonLink>
      </div>
      <Table caption={t("admin.users")}>
        <thead>
          <tr>
            <Th>{t("admin.users.colName")}</Th>
            <Th>{t("admin.users.colEmail")}</Th>
            <Th>{t("admin.users.colRole")}</Th>
            <Th className="hidden md:table-cell">{t("admin.users.colGroups")}</Th>
            <Th>{t("admin.users.colStatus")}</Th>
            <Th className="hidden md:table-cell">{t("admin.users.colLastLogin")}</Th>
            <Th>{t("admin.users.colSessions")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((user) => (
            <tr key={user.id}>
              <Td>
                <Link to={`/admin/utilisateurs/${user.id}`} className="font-medium text-brand-700 hover:underline">
                  {user.name}
                </Link>
              </Td>
              <Td>{user.email}</Td>
              <Td>{t(`roles.${user.role}` as MessageKey)}</Td>
              <Td className="hidden md:table-cell">{user.groups.map((group) => group.name).join(", ") || "—"}</Td>
              <Td>{user.active ? <Badge tone="green">{t("admin.users.active")}</Badge> : <Badge>{t("admin.users.inactive")}</Badge>}</Td>
              <Td className="hidden whitespace-nowrap md:table-cell">{user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t("common.never")}</Td>
              <Td className="tabular-nums">{format.number(user._count.sessions)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
