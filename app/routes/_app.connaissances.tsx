import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AreaTabs, type AreaTab } from "~/components/ui/area-tabs";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:knowledge");
  return { writer: can(user, "update:knowledge") };
}

/** The knowledge base's staff area: articles for everyone on staff; categories and figures for writers. */
export default function KnowledgeLayout() {
  const { writer } = useLoaderData<typeof loader>();
  const tabs: AreaTab[] = [
    { to: "/connaissances", label: "knowledge.tabs.articles", end: true },
    ...(writer
      ? [
          { to: "/connaissances/categories", label: "knowledge.tabs.categories" as const },
          { to: "/connaissances/statistiques", label: "knowledge.tabs.statistics" as const },
        ]
      : []),
  ];
  return (
    <>
      <AreaTabs tabs={tabs} label="knowledge.tabs.label" />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
