import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState, Table, Td, Th } from "~/components/ui/layout";
import { listCannedReplies } from "~/domain/helpdesk/canned-replies.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Réponses types · Administration · Comptoir" }];

function excerpt(body: string, length = 140): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const replies = await listCannedReplies();
  return {
    replies: replies.map((reply) => ({
      id: reply.id,
      title: reply.title,
      preview: excerpt(reply.body),
      updatedAt: reply.updatedAt,
      author: reply.createdBy?.name ?? null,
    })),
  };
}

export default function CannedRepliesPage() {
  const { replies } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <p className="max-w-3xl text-sm text-slate-600">{t("helpdesk.canned.intro")}</p>
        <ButtonLink to="/admin/reponses-types/nouvelle" variant="primary">
          {t("helpdesk.canned.new")}
        </ButtonLink>
      </div>
      {replies.length === 0 ? (
        <EmptyState>{t("helpdesk.canned.empty")}</EmptyState>
      ) : (
        <Table caption={t("helpdesk.canned.title")}>
          <thead>
            <tr>
              <Th>{t("helpdesk.canned.colTitle")}</Th>
              <Th>{t("helpdesk.canned.colPreview")}</Th>
              <Th>{t("helpdesk.canned.colUpdated")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {replies.map((reply) => (
              <tr key={reply.id}>
                <Td className="font-medium">
                  <Link to={`/admin/reponses-types/${reply.id}`} className="text-brand-700 hover:underline">
                    {reply.title}
                  </Link>
                </Td>
                <Td className="max-w-xl text-slate-600">{reply.preview}</Td>
                <Td className="whitespace-nowrap text-slate-600">{format.date(reply.updatedAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
