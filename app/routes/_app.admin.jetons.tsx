import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ApiTokenList, toApiTokenRow } from "~/components/account/api-tokens-card";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { listAllApiTokens, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Jetons d'API · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:user");
  return { tokens: (await listAllApiTokens()).map((token) => toApiTokenRow(token, true)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:user");
  const form = await readProtectedForm(request);
  try {
    await revokeApiToken({ tokenId: String(form.get("tokenId") ?? ""), actor: admin });
  } catch (error) {
    // A token that does not exist: not found.
    if (error instanceof DomainError) throw notFound();
    throw error;
  }
  return redirectWithToast("/admin/jetons", { kind: "success", message: "api.tokens.revoked" });
}

/** Administration › Jetons d'API: every active token of the workspace, revocable. */
export default function AdminApiTokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Card title={t("api.tokens.adminTitle")}>
      <p className="mb-4 text-sm text-slate-600">{t("api.tokens.adminIntro")}</p>
      <ApiTokenList tokens={tokens} showOwner />
    </Card>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
