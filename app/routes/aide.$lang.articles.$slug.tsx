import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { HelpCentreErrorBoundary } from "~/components/help-centre/help-centre-error";
import { ArticleList, HelpCentreFrame, helpCentreMeta } from "~/components/help-centre/help-centre-frame";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert, TextareaField } from "~/components/ui/field";
import { FEEDBACK_COMMENT_MAX_LENGTH, feedbackSchema, helpCentrePaths, votesOfTheDay, withVote } from "~/domain/knowledge/help-centre-rules";
import { knowledgeFigureDay } from "~/domain/knowledge/figure-day";
import { findHelpCentreArticle, recordArticleFeedback, recordArticleView, relatedArticles } from "~/domain/knowledge/help-centre.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { countsAsReaderView, feedbackLimiter, feedbackVotesCookie, helpCentreLanguage, helpCentreReader, helpCentreSeo } from "~/lib/help-centre/help-centre-route.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => helpCentreMeta(data?.seo, "article");

/** What the feedback form says after a vote (?avis= after the redirect, so it works without JavaScript). */
const feedbackStates = ["merci", "deja", "limite"] as const;
type FeedbackState = (typeof feedbackStates)[number];

/**
 * An article of the help centre. Published public: anyone; internal: staff only (404 to others);
 * draft: 404; archived: 410 with links to its category; a former slug: 301 to the current one.
 * A reader's view is counted (not robots', not the team's, not the reload after a vote).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = helpCentreLanguage(params.lang);
  const { user, reader } = await helpCentreReader(request);
  const found = await findHelpCentreArticle({ language, slug: params.slug ?? "", reader });
  if (found.kind === "moved") return redirect(helpCentrePaths.article(language, found.slug), 301);
  if (found.kind === "gone") throw data({ reason: "gone", title: found.title, category: found.category }, { status: 410, statusText: "Gone" });
  if (found.kind === "not_found") throw notFound();
  const { article } = found;
  const url = new URL(request.url);
  const feedbackParam = url.searchParams.get("avis");
  const feedback = feedbackStates.find((state) => state === feedbackParam) ?? null;
  if (!feedback && countsAsReaderView(request, user)) await recordArticleView({ articleId: article.id });
  const related = await relatedArticles(article, reader);
  const alternate = article.alternates[0] ?? null;
  const alreadyVoted = votesOfTheDay(await feedbackVotesCookie().parse(request.headers.get("Cookie")), knowledgeFigureDay(new Date())).includes(article.id);
  return {
    language,
    article: {
      id: article.id,
      title: article.title,
      bodyHtml: article.bodyHtml,
      visibility: article.visibility,
      updatedAt: article.updatedAt.toISOString(),
      category: { name: article.category.name, slug: article.category.slug },
      parentCategory: article.parentCategory,
    },
    related,
    feedback: feedback ?? (alreadyVoted ? ("deja" as FeedbackState) : null),
    switchTo: alternate ? helpCentrePaths.article(alternate.language, alternate.slug) : null,
    seo: helpCentreSeo({
      language,
      title: `${article.title} · ${article.category.name}`,
      description: article.summary || article.title,
      path: helpCentrePaths.article(language, article.slug),
      versions: article.alternates.map((other) => ({ language: other.language, path: helpCentrePaths.article(other.language, other.slug) })),
    }),
  };
}

/** "Was this article useful?": one vote per article per visitor per day, rate-limited per address. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const language = helpCentreLanguage(params.lang);
  const form = await readProtectedForm(request);
  const { reader } = await helpCentreReader(request);
  const found = await findHelpCentreArticle({ language, slug: params.slug ?? "", reader });
  if (found.kind !== "article") throw notFound();
  const parsed = parseForm(form, feedbackSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, comment: String(form.get("comment") ?? "") }, { status: 400 });
  const back = (state: FeedbackState, headers?: HeadersInit) => redirect(`${helpCentrePaths.article(language, found.article.slug)}?avis=${state}#avis`, { headers });
  const cookie = feedbackVotesCookie();
  const day = knowledgeFigureDay(new Date());
  const votes = await cookie.parse(request.headers.get("Cookie"));
  if (votesOfTheDay(votes, day).includes(found.article.id)) return back("deja");
  if (feedbackLimiter().hit(context.clientAddress).limited) return back("limite");
  await recordArticleFeedback({ articleId: found.article.id, language, useful: parsed.data.useful === "yes", comment: parsed.data.comment, reader });
  return back("merci", { "Set-Cookie": await cookie.serialize(withVote(votes, day, found.article.id)) });
}

export default function HelpCentreArticlePage() {
  const { language, article, related, feedback, switchTo } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const crumbs = [
    { label: t("helpCentre.title"), to: `/aide/${language}` },
    ...(article.parentCategory ? [{ label: article.parentCategory.name, to: helpCentrePaths.category(language, article.parentCategory.slug) }] : []),
    { label: article.category.name, to: helpCentrePaths.category(language, article.category.slug) },
    { label: article.title },
  ];
  return (
    <HelpCentreFrame language={language} switchTo={switchTo} crumbs={crumbs}>
      <article className="rounded-lg border border-slate-200 bg-white p-5 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{article.title}</h1>
        <p className="mt-2 text-sm text-slate-500">
          {t("helpCentre.updatedOn", { date: format.date(article.updatedAt) })}
          {article.visibility === "internal" ? <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-amber-900">{t("helpCentre.internal")}</span> : null}
        </p>
        {/* Sanitised when written (the authoring domain stores only sanitised HTML). */}
        <div className="knowledge-article mt-6 space-y-4 leading-relaxed text-slate-800" dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
        {switchTo ? (
          <p className="mt-8 text-sm">
            <a href={switchTo} hrefLang={language === "fr" ? "en" : "fr"} lang={language === "fr" ? "en" : "fr"} className="font-medium text-brand-700 hover:underline">
              {t("helpCentre.otherLanguage")}
            </a>
          </p>
        ) : null}
      </article>

      <FeedbackForm state={feedback} />

      {related.length > 0 ? (
        <section aria-labelledby="related" className="mt-8">
          <h2 id="related" className="mb-3 text-lg font-semibold text-slate-900">
            {t("helpCentre.related")}
          </h2>
          <ArticleList language={language} articles={related} />
        </section>
      ) : null}

      <p className="mt-8 text-sm text-slate-600">
        {t("helpCentre.contact")}{" "}
        <a href={language === "en" ? "/demande?lang=en" : "/demande"} className="font-medium text-brand-700 hover:underline">
          {t("helpCentre.contactLink")}
        </a>
      </p>
    </HelpCentreFrame>
  );
}

function FeedbackForm({ state }: { state: FeedbackState | null }) {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (state === "merci" || state === "deja") {
    return (
      <section id="avis" className="mt-6 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-900" role="status">
        {state === "merci" ? t("helpCentre.feedback.thanks") : t("helpCentre.feedback.already")}
      </section>
    );
  }
  const commentError = actionData && "fieldErrors" in actionData ? actionData.fieldErrors.comment : undefined;
  return (
    <section id="avis" aria-labelledby="avis-question" className="mt-6 rounded-lg border border-slate-200 bg-white p-5">
      {state === "limite" ? <FormAlert>{t("helpCentre.feedback.tooMany")}</FormAlert> : null}
      <Form method="post" preventScrollReset className="space-y-3">
        <CsrfField />
        <input type="hidden" name="intent" value="feedback" />
        <fieldset>
          <legend id="avis-question" className="font-medium text-slate-900">
            {t("helpCentre.feedback.question")}
          </legend>
          <TextareaField
            className="mt-3"
            label={t("helpCentre.feedback.comment")}
            name="comment"
            rows={3}
            maxLength={FEEDBACK_COMMENT_MAX_LENGTH}
            defaultValue={actionData && "comment" in actionData ? actionData.comment : ""}
            hint={t("helpCentre.feedback.commentHint")}
            error={commentError ? t(commentError) : null}
          />
          <div className="mt-3 flex gap-3">
            <Button type="submit" name="useful" value="yes" variant="secondary" disabled={navigation.state === "submitting"}>
              {t("helpCentre.feedback.yes")}
            </Button>
            <Button type="submit" name="useful" value="no" variant="secondary" disabled={navigation.state === "submitting"}>
              {t("helpCentre.feedback.no")}
            </Button>
          </div>
        </fieldset>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <HelpCentreErrorBoundary />;
}
