import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Table, Td, Th } from "~/components/ui/layout";
import { listAuditEntries } from "~/domain/identity/audit-queries.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Journal d'audit · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "read:audit");
  return { entries: await listAuditEntries() };
}

export default function AuditLogPage() {
  const { entries } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <Table caption={t("admin.audit")}>
      <thead>
        <tr>
          <Th>{t("admin.audit.colWhen")}</Th>
          <Th>{t("admin.audit.colWho")}</Th>
          <Th>{t("admin.audit.colAction")}</Th>
          <Th>{t("admin.audit.colTarget")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {entries.map((entry) => (
          <tr key={entry.id}>
            <Td className="whitespace-nowrap">{format.dateTime(entry.at)}</Td>
            <Td>{entry.actor?.name ?? t("admin.audit.system")}</Td>
            <Td>
              <code className="text-xs">{entry.action}</code>
            </Td>
            <Td className="text-xs text-slate-600">
              {entry.entityType} {entry.entityId}
              {Object.keys(entry.details).length > 0 ? <span className="block">{JSON.stringify(entry.details)}</span> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
