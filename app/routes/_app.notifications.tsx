import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { NotificationItem } from "~/components/realtime/notification-item";
import { useOptionalRealtime, useRealtimeEvent } from "~/components/realtime/realtime-provider";
import { Button, ButtonLink } from "~/components/ui/button";
import { FilterPills } from "~/components/ui/filter-pills";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { notificationActionSchema } from "~/domain/notifications/notification-schemas";
import { listNotifications, markAllNotificationsRead, markNotificationsRead } from "~/domain/notifications/notifications.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Notifications · Comptoir" }];

const UNREAD_FILTER = "non-lues";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get("filtre") === UNREAD_FILTER;
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);
  const list = await listNotifications(user, { page, unreadOnly });
  return { ...list, unreadOnly };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, notificationActionSchema);
  if (!parsed.ok) return data({ ok: false as const, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const count =
    parsed.data.intent === "read-all" ? await markAllNotificationsRead(user.id) : await markNotificationsRead(user.id, parsed.data.id);
  if (parsed.data.source === "bell") return data({ ok: true as const, count });
  const back = `/notifications${new URL(request.url).search}`;
  if (parsed.data.intent === "read") return redirect(back);
  return redirectWithToast(back, { kind: "success", message: "realtime.notifications.allMarkedRead" });
}

function pageHref(page: number, unreadOnly: boolean) {
  const params = new URLSearchParams();
  if (unreadOnly) params.set("filtre", UNREAD_FILTER);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/notifications${query ? `?${query}` : ""}`;
}

export default function NotificationsPage() {
  const { notifications, unread, unreadOnly, page, pageCount } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/notifications");
  const realtime = useOptionalRealtime();
  // The list is newest first: a new notification (or one read in another tab) refreshes page 1.
  useRealtimeEvent("notification:new", () => {
    if (page === 1) realtime?.refreshSoon();
  });
  useRealtimeEvent("notification:count", () => realtime?.refreshSoon());

  return (
    <>
      <PageHeader
        title={t("realtime.notifications.title")}
        description={t("realtime.notifications.description")}
        actions={
          unread > 0 ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="read-all" />
              <Button type="submit" variant="secondary" disabled={busy}>
                {t("realtime.notifications.markAllRead")}
              </Button>
            </Form>
          ) : null
        }
      />
      <FilterPills
        className="mb-4"
        label={t("realtime.notifications.title")}
        pills={[
          { key: "all", to: pageHref(1, false), label: t("realtime.notifications.filterAll"), current: !unreadOnly },
          { key: "unread", to: pageHref(1, true), label: `${t("realtime.notifications.filterUnread")} (${unread})`, current: unreadOnly },
        ]}
      />
      {notifications.length === 0 ? (
        <EmptyState>{unreadOnly ? t("realtime.notifications.emptyUnread") : t("realtime.notifications.empty")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="notification-list">
          {notifications.map((notification) => (
            <li key={notification.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <NotificationItem notification={notification} className="min-w-0 flex-1" />
              {notification.readAt ? null : (
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={notification.id} />
                  <Button type="submit" size="sm" variant="ghost" disabled={busy}>
                    {t("realtime.notifications.markRead")}
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {pageCount > 1 ? (
        <div className="mt-4 flex items-center justify-between text-sm">
          <span className="text-slate-600">{t("realtime.notifications.page", { page, pages: pageCount })}</span>
          <div className="flex gap-2">
            {page > 1 ? (
              <ButtonLink to={pageHref(page - 1, unreadOnly)} size="sm">
                {t("common.previous")}
              </ButtonLink>
            ) : null}
            {page < pageCount ? (
              <ButtonLink to={pageHref(page + 1, unreadOnly)} size="sm">
                {t("common.next")}
              </ButtonLink>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
