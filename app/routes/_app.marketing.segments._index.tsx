import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Badge, Card, EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { countSavedSegments, listSegments } from "~/domain/marketing/segments/segments.server";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Segments · Comptoir" }];

/**
 * The saved segments. Counting runs each segment's SQL, so the list stays fast by counting only
 * on demand (`?compter=<id>` for one, `?compter=tous` for the page).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:campaign");
  const url = new URL(request.url);
  const archived = url.searchParams.get("archives") === "1";
  const segments = await listSegments({ archived });
  const asked = url.searchParams.getAll("compter");
  const toCount = asked.includes("tous") ? segments.map((segment) => segment.id) : segments.filter((segment) => asked.includes(segment.id)).map((segment) => segment.id);
  const counts = await countSavedSegments(toCount);
  return { segments, counts, archived, canCreate: can(user, "create:campaign") };
}

export default function SegmentsPage() {
  const { segments, counts, archived, canCreate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const withCount = (id: string) => {
    const next = new URLSearchParams(params);
    next.append("compter", id);
    return `?${next.toString()}`;
  };
  return (
    <>
      <PageHeader
        title={t("segment.list.title")}
        description={t("segment.list.description")}
        actions={canCreate ? <ButtonLink to="/marketing/segments/nouveau" variant="primary">{t("segment.list.new")}</ButtonLink> : null}
      />
      <Card
        actions={
          <div className="flex gap-3 text-sm">
            <Link to={withCount("tous")} className="text-brand-700 underline">
              {t("segment.list.countAction")}
            </Link>
            <Link to={archived ? "?" : "?archives=1"} className="text-brand-700 underline">
              {t(archived ? "segment.list.hideArchived" : "segment.list.showArchived")}
            </Link>
          </div>
        }
      >
        {segments.length === 0 ? (
          <EmptyState>{t("segment.list.empty")}</EmptyState>
        ) : (
          <Table caption={t("segment.list.title")}>
            <thead>
              <tr>
                <Th>{t("segment.list.name")}</Th>
                <Th>{t("segment.list.count")}</Th>
                <Th>{t("segment.list.campaigns")}</Th>
                <Th>{t("segment.list.updated")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {segments.map((segment) => (
                <tr key={segment.id}>
                  <Td>
                    <Link to={`/marketing/segments/${segment.id}`} className="font-medium text-brand-700 hover:underline">
                      {segment.name}
                    </Link>
                    {segment.archivedAt ? (
                      <>
                        {" "}
                        <Badge>{t("segment.list.archived")}</Badge>
                      </>
                    ) : null}
                    {segment.description ? <p className="text-xs text-slate-500">{segment.description}</p> : null}
                  </Td>
                  <Td className="tabular-nums">
                    {counts[segment.id] !== undefined ? (
                      format.number(counts[segment.id])
                    ) : (
                      <Link to={withCount(segment.id)} className="text-brand-700 underline" aria-label={`${t("segment.list.countAction")} : ${segment.name}`}>
                        {t("segment.list.countAction")}
                      </Link>
                    )}
                  </Td>
                  <Td className="tabular-nums">{format.number(segment.campaigns)}</Td>
                  <Td>{format.dateTime(segment.updatedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
