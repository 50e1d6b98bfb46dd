import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ArticleBodyView } from "~/components/knowledge/article-body-view";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert } from "~/components/ui/field";
import { Card, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { sanitizeArticleHtml } from "~/domain/knowledge/article-html.server";
import { getArticleForEditing, getArticleVersion, listArticleVersions } from "~/domain/knowledge/article-queries.server";
import { restoreArticleVersion } from "~/domain/knowledge/articles.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Historique de l'article · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "update:knowledge");
  const article = await getArticleForEditing(params.articleId ?? "");
  if (!article) throw notFound();
  const requested = Number(new URL(request.url).searchParams.get("version") ?? "");
  const versions = await listArticleVersions(article.id);
  const shown = Number.isInteger(requested) && requested > 0 ? await getArticleVersion(article.id, requested) : null;
  if (new URL(request.url).searchParams.has("version") && !shown) throw notFound();
  const title = (article.translations.find((translation) => translation.language === "fr") ?? article.translations[0])?.title ?? "";
  return {
    article: { id: article.id, title, version: article.version },
    versions: versions.map((version) => ({ ...version, createdAt: version.createdAt.toISOString(), authorName: version.author?.name ?? null })),
    shown: shown
      ? {
          number: shown.number,
          reason: shown.reason,
          restoredFrom: shown.restoredFrom,
          createdAt: shown.createdAt.toISOString(),
          authorName: shown.author?.name ?? null,
          state: shown.snapshot.state,
          visibility: shown.snapshot.visibility,
          // Read-only, sanitised again: a snapshot is shown, never trusted.
          translations: shown.snapshot.translations.map((translation) => ({
            language: translation.language,
            title: translation.title,
            slug: translation.slug,
            summary: translation.summary,
            bodyHtml: sanitizeArticleHtml(translation.bodyHtml).html,
          })),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:knowledge");
  const article = await getArticleForEditing(params.articleId ?? "");
  if (!article) throw notFound();
  const form = await readProtectedForm(request);
  const number = Number(form.get("number"));
  if (form.get("intent") !== "restore" || !Number.isInteger(number)) throw data({ reason: "bad_intent" }, { status: 400 });
  if (form.get("confirm") !== "on") return data({ error: "validation.required" as MessageKey, confirm: true }, { status: 400 });
  try {
    await restoreArticleVersion({ actorId: user.id, articleId: article.id, number, expectedVersion: Number(form.get("version") ?? article.version) });
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.code, confirm: false }, { status: 409 });
    throw error;
  }
  return redirectWithToast(`/connaissances/articles/${article.id}`, { kind: "success", message: "knowledge.toast.restored", params: { number } });
}

function useReasonLabel() {
  const { t } = useI18n();
  return (reason: string, restoredFrom: number | null) =>
    reason === "restored" ? t("knowledge.reason.restored", { number: restoredFrom ?? "?" }) : t(`knowledge.reason.${reason as "created" | "edited" | "published" | "unpublished" | "archived"}`);
}

export default function ArticleHistoryPage() {
  const { article, versions, shown } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t, format } = useI18n();
  const reasonLabel = useReasonLabel();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/connaissances/articles/${article.id}`} className="text-brand-700 hover:underline">
          ← {t("knowledge.history.back")}
        </Link>
      </p>
      <PageHeader title={`${t("knowledge.history.title")} · ${article.title}`} description={t("knowledge.history.intro")} />
      <Table caption={t("knowledge.history.title")}>
        <thead>
          <tr>
            <Th>{t("knowledge.history.number")}</Th>
            <Th>{t("knowledge.history.reason")}</Th>
            <Th>{t("knowledge.history.who")}</Th>
            <Th>{t("knowledge.history.when")}</Th>
            <Th />
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.number} aria-current={shown?.number === version.number ? "true" : undefined} className={shown?.number === version.number ? "bg-brand-50" : undefined}>
              <Td>{version.number}</Td>
              <Td>{reasonLabel(version.reason, version.restoredFrom)}</Td>
              <Td>{version.authorName ?? t("knowledge.history.someone")}</Td>
              <Td>{format.dateTime(version.createdAt)}</Td>
              <Td>
                {version.number === article.version ? (
                  <span className="text-sm text-slate-500">{t("knowledge.history.current")}</span>
                ) : (
                  <Link to={`?version=${version.number}`} className="text-sm text-brand-700 hover:underline" preventScrollReset>
                    {t("knowledge.history.view", { number: version.number })}
                  </Link>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {shown ? (
        <Card
          title={t("knowledge.history.viewing", {
            number: shown.number,
            reason: reasonLabel(shown.reason, shown.restoredFrom),
            who: shown.authorName ?? t("knowledge.history.someone"),
            when: format.dateTime(shown.createdAt),
          })}
        >
          <div className="grid gap-6 xl:grid-cols-2">
            {shown.translations.map((translation) => (
              <article key={translation.language} lang={translation.language} className="min-w-0">
                <p className="text-xs font-semibold uppercase text-slate-500">{t(`knowledge.editor.version.${translation.language}`)}</p>
                <h3 className="mt-1 text-lg font-semibold">{translation.title}</h3>
                <p className="text-xs text-slate-500">/{translation.slug}</p>
                {translation.summary ? <p className="mt-1 text-sm text-slate-600">{translation.summary}</p> : null}
                <ArticleBodyView html={translation.bodyHtml} className="mt-3" />
              </article>
            ))}
          </div>
          {shown.number !== article.version ? (
            <Form method="post" className="mt-6 max-w-xl space-y-3 border-t border-slate-200 pt-4">
              <CsrfField />
              <input type="hidden" name="intent" value="restore" />
              <input type="hidden" name="number" value={shown.number} />
              <input type="hidden" name="version" value={article.version} />
              {refusal && !refusal.confirm ? <FormAlert>{t(refusal.error)}</FormAlert> : null}
              <p className="text-sm text-slate-600">{t("knowledge.history.restoreHint")}</p>
              <CheckboxField label={t("knowledge.history.restoreConfirm", { number: shown.number })} name="confirm" error={refusal?.confirm ? t(refusal.error) : null} />
              <Button type="submit" variant="primary">
                {t("knowledge.history.restore")}
              </Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
