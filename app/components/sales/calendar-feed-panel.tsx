import { Form, Link, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { can } from "~/domain/identity/permissions";
import type { loader as rootLoader } from "~/root";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { control } from "../ui/field";
import { Card } from "../ui/layout";

export type CalendarFeedView = { url: string | null; createdAt: Date | string; lastFetchedAt: Date | string | null } | null;

function FeedAction({ intent, label, variant = "secondary", confirm }: { intent: string; label: string; variant?: "primary" | "secondary" | "danger"; confirm?: string }) {
  return (
    <Form
      method="post"
      preventScrollReset
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <Button type="submit" variant={variant} size="sm">
        {label}
      </Button>
    </Form>
  );
}

/**
 * "Abonnement à mon agenda": the secret address of the person's iCalendar feed, to paste into
 * Outlook, Google Calendar or a phone; it can be copied, replaced by a new one (the old stops
 * working at once) or removed. The forms post to the agenda page's action.
 */
export function CalendarFeedPanel({ feed }: { feed: CalendarFeedView }) {
  const { t, format } = useI18n();
  const [copied, setCopied] = useState(false);
  const [canCopy, setCanCopy] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  const copy = async () => {
    if (!feed?.url) return;
    await navigator.clipboard.writeText(feed.url);
    setCopied(true);
  };
  return (
    <Card title={t("sales.feed.title")} className="mt-8">
      <div id="abonnement" className="space-y-3 text-sm text-slate-700">
        <p>{t("sales.feed.intro")}</p>
        {!feed ? (
          <FeedAction intent="feed-create" label={t("sales.feed.create")} variant="primary" />
        ) : (
          <>
            {feed.url ? (
              <div className="flex flex-wrap items-center gap-2">
                <label htmlFor="calendar-feed-url" className="sr-only">
                  {t("sales.feed.address")}
                </label>
                <input
                  id="calendar-feed-url"
                  readOnly
                  value={feed.url}
                  className={`${control} min-w-0 flex-1 font-mono text-xs`}
                  onFocus={(event) => event.currentTarget.select()}
                  data-testid="calendar-feed-url"
                />
                {canCopy ? (
                  <Button type="button" size="sm" onClick={() => void copy()}>
                    {copied ? t("sales.feed.copied") : t("sales.feed.copy")}
                  </Button>
                ) : null}
              </div>
            ) : (
              <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">{t("sales.feed.unreadable")}</p>
            )}
            <p className="text-xs text-slate-500">
              {t("sales.feed.createdOn", { date: format.dateTime(feed.createdAt) })}
              {" · "}
              {feed.lastFetchedAt ? t("sales.feed.lastFetched", { date: format.dateTime(feed.lastFetchedAt) }) : t("sales.feed.neverFetched")}
            </p>
            <p className="text-xs text-slate-600">{t("sales.feed.secret")}</p>
            <div className="flex flex-wrap gap-2">
              <FeedAction intent="feed-regenerate" label={t("sales.feed.regenerate")} confirm={t("sales.feed.regenerateConfirm")} />
              <FeedAction intent="feed-delete" label={t("sales.feed.delete")} variant="danger" confirm={t("sales.feed.deleteConfirm")} />
            </div>
          </>
        )}
      </div>
    </Card>
  );
}

/** On the account page: where to find the agenda subscription (for people who have an agenda). */
export function CalendarFeedAccountNote() {
  const { t } = useI18n();
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  if (!user || !can(user, "create:deal")) return null;
  return (
    <Card title={t("sales.feed.title")}>
      <p className="text-sm text-slate-700">
        {t("sales.feed.accountNote")}{" "}
        <Link to="/ventes/agenda#abonnement" className="font-medium text-brand-700 hover:underline">
          {t("sales.feed.manage")}
        </Link>
      </p>
    </Card>
  );
}
