import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { PageHeader } from "~/components/ui/layout";
import { campaignsByDay, monthWeeks } from "~/domain/marketing/campaigns/campaign-calendar";
import { isCampaignStatus } from "~/domain/marketing/campaigns/campaign-status";
import { calendarCampaigns } from "~/domain/marketing/campaigns/campaign-queries.server";
import { addMonths, monthKey, monthOf, monthStart, parseMonthKey } from "~/domain/sales/calendar-months";
import { requireUser } from "~/lib/auth.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

export const meta: MetaFunction = () => [{ title: "Calendrier des campagnes · Comptoir" }];

/** Month view of the campaigns sent (on their launch day) and scheduled (on their planned day). `?mois=2026-12`. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "read:campaign");
  const current = monthOf(new Date(), WORKSPACE_TIME_ZONE);
  const month = parseMonthKey(new URL(request.url).searchParams.get("mois")) ?? current;
  const campaigns = await calendarCampaigns(monthStart(month, WORKSPACE_TIME_ZONE), monthStart(addMonths(month, 1), WORKSPACE_TIME_ZONE));
  const byDay = campaignsByDay(campaigns, WORKSPACE_TIME_ZONE);
  return {
    month: monthKey(month),
    monthStart: monthStart(month, WORKSPACE_TIME_ZONE).toISOString(),
    previous: monthKey(addMonths(month, -1)),
    next: monthKey(addMonths(month, 1)),
    isCurrent: monthKey(month) === monthKey(current),
    weeks: monthWeeks(month).map((week) =>
      week.map((day) => ({ ...day, campaigns: (byDay.get(day.date) ?? []).map((campaign) => ({ id: campaign.id, name: campaign.name, status: campaign.status, at: campaign.at.toISOString() })) })),
    ),
    count: campaigns.length,
  };
}

const statusStyle: Record<string, string> = { sent: "bg-emerald-50 text-emerald-900 ring-emerald-200", scheduled: "bg-blue-50 text-blue-900 ring-blue-200" };

export default function CampaignCalendarPage() {
  const page = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const tag = locale === "fr" ? "fr-FR" : "en-GB";
  const monthTitle = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: WORKSPACE_TIME_ZONE }).format(new Date(page.monthStart));
  const weekdays = Array.from({ length: 7 }, (_, index) => new Intl.DateTimeFormat(tag, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2026, 10, 30 + index))));
  const time = new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", timeZone: WORKSPACE_TIME_ZONE });
  return (
    <>
      <PageHeader title={t("campaign.calendar.title")} />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <Link to={`?mois=${page.previous}`} className="rounded px-2 py-1 text-sm text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
          ← {t("campaign.calendar.previous")}
        </Link>
        <h2 className="text-lg font-semibold capitalize text-slate-900" aria-live="polite">
          {monthTitle}
        </h2>
        <Link to={`?mois=${page.next}`} className="rounded px-2 py-1 text-sm text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
          {t("campaign.calendar.next")} →
        </Link>
        {!page.isCurrent ? (
          <Link to="?" className="text-sm text-brand-700 hover:underline">
            {t("campaign.calendar.today")}
          </Link>
        ) : null}
      </div>
      {page.count === 0 ? <p className="mb-2 text-sm text-slate-600">{t("campaign.calendar.empty")}</p> : null}
      <table className="w-full table-fixed border-collapse text-sm">
        <caption className="sr-only">{`${t("campaign.calendar.title")} : ${monthTitle}`}</caption>
        <thead>
          <tr>
            {weekdays.map((weekday) => (
              <th key={weekday} scope="col" className="border border-slate-200 bg-slate-50 px-2 py-1 text-left font-medium capitalize text-slate-700">
                {weekday}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.weeks.map((week) => (
            <tr key={week[0].date}>
              {week.map((day) => (
                <td key={day.date} className={`h-24 border border-slate-200 p-1 align-top ${day.inMonth ? "bg-white" : "bg-slate-50 text-slate-400"}`}>
                  <div className="text-xs font-medium">
                    <time dateTime={day.date}>{day.day}</time>
                  </div>
                  <ul className="mt-1 space-y-1">
                    {day.campaigns.map((campaign) => (
                      <li key={campaign.id}>
                        <Link to={`/marketing/campagnes/${campaign.id}`} title={campaign.name} className={`line-clamp-3 block break-words rounded px-1 py-0.5 text-xs ring-1 ${statusStyle[campaign.status] ?? "bg-slate-50 text-slate-800 ring-slate-200"}`}>
                          {time.format(new Date(campaign.at))} · {campaign.name}
                          {isCampaignStatus(campaign.status) ? <span className="sr-only"> ({t(`campaign.status.${campaign.status}`)})</span> : null}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
