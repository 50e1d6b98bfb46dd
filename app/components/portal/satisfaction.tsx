import { Form, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { Badge, Card } from "~/components/ui/layout";
import { RATING_COMMENT_MAX, type SatisfactionValue } from "~/domain/portal/satisfaction";
import { TextareaField } from "~/components/ui/field";
import { ChoiceField } from "./fields";

/** Good / bad with a comment: used in the portal and on the page of the mail's rating link. */
export function RatingForm({
  defaultRating,
  defaultComment = "",
  error,
  intent,
  submitLabel,
}: {
  defaultRating?: string | null;
  defaultComment?: string;
  error?: (name: string) => string | null;
  intent?: string;
  submitLabel?: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate>
      <CsrfField />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <ChoiceField
        label={t("portal.rating.question")}
        name="rating"
        defaultValue={defaultRating ?? undefined}
        error={error?.("rating")}
        options={[
          { value: "good", label: t("portal.rating.good") },
          { value: "bad", label: t("portal.rating.bad") },
        ]}
      />
      <TextareaField
        label={t("portal.rating.comment")}
        name="comment"
        rows={3}
        maxLength={RATING_COMMENT_MAX}
        defaultValue={defaultComment}
        error={error?.("comment")}
        hint={t("portal.rating.commentHint")}
      />
      <Button type="submit" disabled={navigation.state === "submitting"}>
        {submitLabel ?? t("portal.rating.submit")}
      </Button>
    </Form>
  );
}

export function RatingBadge({ rating }: { rating: string }) {
  const { t } = useI18n();
  return rating === "good" ? <Badge tone="green">{t("portal.rating.goodShort")}</Badge> : <Badge tone="red">{t("portal.rating.badShort")}</Badge>;
}

/**
 * Read-only block for the agent's ticket page: the requester's rating and comment. The
 * comment is customer text, rendered as text.
 */
export function TicketRatingCard({
  rating,
}: {
  rating: { rating: string; comment: string; createdAt: Date | string; updatedAt: Date | string; contact: { firstName: string; lastName: string } } | null;
}) {
  const { t, format } = useI18n();
  return (
    <Card title={t("portal.rating.cardTitle")}>
      {rating ? (
        <div className="space-y-2 text-sm" data-testid="ticket-rating">
          <div className="flex items-center gap-2">
            <RatingBadge rating={rating.rating} />
            <span className="text-slate-600">{format.dateTime(rating.updatedAt)}</span>
          </div>
          {rating.comment ? <p className="whitespace-pre-wrap break-words text-slate-800">{rating.comment}</p> : <p className="text-slate-500">{t("portal.rating.noComment")}</p>}
          <p className="text-xs text-slate-500">{t("portal.rating.by", { name: `${rating.contact.firstName} ${rating.contact.lastName}`.trim() })}</p>
        </div>
      ) : (
        <p className="text-sm text-slate-500">{t("portal.rating.none")}</p>
      )}
    </Card>
  );
}

/** Satisfaction of an agent or a company (see ratingSummary in app/domain/portal/satisfaction.server.ts). */
export function RatingSummaryCard({
  summary,
  title,
}: {
  summary: {
    good: number;
    bad: number;
    total: number;
    percentGood: number | null;
    recent: Array<{ ticketNumber: number; subject: string; rating: SatisfactionValue; comment: string; createdAt: Date | string; requesterName: string }>;
  };
  title?: string;
}) {
  const { t, format } = useI18n();
  return (
    <Card title={title ?? t("portal.rating.summaryTitle")}>
      {summary.total === 0 ? (
        <p className="text-sm text-slate-500">{t("portal.rating.summaryEmpty")}</p>
      ) : (
        <div className="space-y-3 text-sm" data-testid="rating-summary">
          <p>
            <span className="text-2xl font-semibold tabular-nums text-slate-900">{format.number(summary.percentGood ?? 0)} %</span>{" "}
            <span className="text-slate-600">{t("portal.rating.summaryLine", { good: summary.good, bad: summary.bad, total: summary.total })}</span>
          </p>
          <ul className="divide-y divide-slate-100">
            {summary.recent.map((entry) => (
              <li key={`${entry.ticketNumber}`} className="py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <RatingBadge rating={entry.rating} />
                  <span className="font-medium text-slate-800">
                    {`#${entry.ticketNumber} ${entry.subject}`}
                  </span>
                  <span className="text-xs text-slate-500">
                    {entry.requesterName} · {format.date(entry.createdAt)}
                  </span>
                </div>
                {entry.comment ? <p className="mt-1 whitespace-pre-wrap break-words text-slate-700">{entry.comment}</p> : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
