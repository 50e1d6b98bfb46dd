import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Card, Stat } from "~/components/ui/layout";
import { pillClasses } from "~/components/ui/filter-pills";

export type ArticleFiguresData = {
  views: number;
  insertions: number;
  useful: number;
  notUseful: number;
  deflections: number;
  comments: { id: string; useful: boolean; comment: string; createdAt: string }[];
};

/** An article's figures over 30 or 90 days (switched by links, so it works without JavaScript). */
export function ArticleFigures({ figures, days, linkFor }: { figures: ArticleFiguresData; days: 30 | 90; linkFor: (days: 30 | 90) => string }) {
  const { t, format } = useI18n();
  return (
    <Card
      title={t("knowledge.figures.title")}
      actions={
        <nav aria-label={t("knowledge.figures.period")} className="flex gap-2">
          {([30, 90] as const).map((period) => (
            <Link key={period} to={linkFor(period)} aria-current={period === days ? "page" : undefined} className={pillClasses(period === days)} preventScrollReset>
              {t(period === 30 ? "knowledge.figures.period30" : "knowledge.figures.period90")}
            </Link>
          ))}
        </nav>
      }
    >
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Stat label={t("knowledge.figures.views")} value={format.number(figures.views)} />
        <Stat label={t("knowledge.figures.useful")} value={format.number(figures.useful)} />
        <Stat label={t("knowledge.figures.notUseful")} value={format.number(figures.notUseful)} tone={figures.notUseful > figures.useful ? "warning" : "default"} />
        <Stat label={t("knowledge.figures.insertions")} value={format.number(figures.insertions)} />
        <Stat label={t("knowledge.figures.deflections")} value={format.number(figures.deflections)} />
      </div>
      <h3 className="mt-4 text-sm font-semibold text-slate-800">{t("knowledge.figures.comments")}</h3>
      {figures.comments.length === 0 ? (
        <p className="text-sm text-slate-600">{t("knowledge.figures.noComments")}</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {figures.comments.map((comment) => (
            <li key={comment.id} className="rounded-md bg-slate-50 px-3 py-2 text-sm">
              <span className="font-medium">{t(comment.useful ? "knowledge.figures.useful" : "knowledge.figures.notUseful")}</span>
              <span className="text-slate-500"> · {format.date(comment.createdAt)}</span>
              <p className="whitespace-pre-line text-slate-800">{comment.comment}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
