import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { usePlanningFormat } from "~/components/planning/intervention-forms";
import { AgendaGrid, OverdueList } from "~/components/sales/agenda-view";
import { CalendarFeedPanel } from "~/components/sales/calendar-feed-panel";
import { Button, ButtonLink, buttonClasses } from "~/components/ui/button";
import { SelectField } from "~/components/ui/field";
import { FilterPills } from "~/components/ui/filter-pills";
import { PageHeader } from "~/components/ui/layout";
import { isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { loadAgenda } from "~/domain/sales/activity-agenda.server";
import { ActivityConflictError, ActivityNotFoundError, setActivityDone } from "~/domain/sales/activity-commands.server";
import { agendaDoneSchema } from "~/domain/sales/activity-schemas";
import { agendaStep, parseAgendaDate, parseAgendaView, type AgendaView } from "~/domain/sales/agenda-layout";
import { calendarFeedOf, createCalendarFeed, deleteCalendarFeed, mayHaveCalendarFeed, regenerateCalendarFeed } from "~/domain/sales/calendar-feed.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { env } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

export const meta: MetaFunction = () => [{ title: "Agenda · Ventes · Comptoir" }];

/** ?proprietaire=tous is the team; an id is a colleague; nothing is "me". */
const TEAM = "tous";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const search = new URL(request.url).searchParams;
  const now = new Date();
  const today = toZoned(now, WORKSPACE_TIME_ZONE).date;
  const view = parseAgendaView(search.get("vue"));
  const date = parseAgendaDate(search.get("date"), today);
  const requested = search.get("proprietaire");
  const agenda = await loadAgenda(user, { view, date, owner: requested === TEAM ? "all" : requested || "me", now, });
  if (!agenda) throw forbidden();
  const feed = mayHaveCalendarFeed(user) ? await calendarFeedOf(user.id, env().PUBLIC_URL) : null;
  return {
    agenda,
    me: user.id,
    feed,
    mayHaveFeed: mayHaveCalendarFeed(user),
    nav: { previous: isoDate(agendaStep(view, date, -1)), next: isoDate(agendaStep(view, date, 1)), today: isoDate(today) },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "done": {
      const parsed = parseForm(form, agendaDoneSchema);
      if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
      try {
        const { changed } = await setActivityDone({ viewer: user, activityId: parsed.data.activityId, done: parsed.data.done, version: parsed.data.version });
        return redirectWithToast(back, { kind: changed ? "success" : "info", message: parsed.data.done ? "sales.activity.markedDone" : "sales.activity.reopened" });
      } catch (error) {
        if (error instanceof ActivityNotFoundError) throw notFound();
        if (error instanceof ActivityConflictError) return redirectWithToast(back, { kind: "error", message: "sales.activity.conflictShort" }, { status: 303 });
        throw error;
      }
    }
    case "feed-create":
    case "feed-regenerate":
    case "feed-delete": {
      if (!mayHaveCalendarFeed(user)) throw forbidden();
      if (intent === "feed-create") await createCalendarFeed(user.id);
      else if (intent === "feed-regenerate") await regenerateCalendarFeed(user.id);
      else await deleteCalendarFeed(user.id);
      const message = intent === "feed-create" ? "sales.feed.created" : intent === "feed-regenerate" ? "sales.feed.regenerated" : "sales.feed.deleted";
      return redirectWithToast(`${back}#abonnement`, { kind: "success", message });
    }
    default:
      throw data({ reason: "bad_intent" }, { status: 400 });
  }
}

export default function SalesAgendaPage() {
  const { agenda, me, feed, mayHaveFeed, nav } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const ownerParam = agenda.owner === "me" ? null : agenda.owner === "all" ? TEAM : agenda.owner;
  const href = (changes: { vue?: AgendaView; date?: string }) => {
    const params = new URLSearchParams({ vue: changes.vue ?? agenda.view, date: changes.date ?? agenda.date });
    if (ownerParam) params.set("proprietaire", ownerParam);
    return `/ventes/agenda?${params.toString()}`;
  };
  const week = agenda.view === "semaine";
  const first = agenda.days[0].iso;
  const last = agenda.days[agenda.days.length - 1].iso;
  const at = (iso: string) => `${iso}T12:00:00Z`;
  const period = week ? t("sales.agenda.weekOf", { from: planning.day(at(first)), to: planning.day(at(last)) }) : planning.day(at(first));
  const ownerName = agenda.owner === "me" || agenda.owner === me ? null : agenda.owner === "all" ? t("sales.agenda.team") : (agenda.owners?.find((owner) => owner.id === agenda.owner)?.name ?? null);
  const showOwner = agenda.owner === "all";
  const containsToday = agenda.days.some((day) => day.isToday);
  return (
    <>
      <PageHeader
        title={ownerName ? t("sales.agenda.titleOf", { name: ownerName }) : t("sales.agenda.title")}
        description={period}
        actions={
          <>
            <ButtonLink to="/ventes/activites/nouvelle?kind=call" size="sm">
              {t("sales.logLinks.call")}
            </ButtonLink>
            <ButtonLink to="/ventes/activites/nouvelle?kind=task" size="sm">
              {t("sales.logLinks.task")}
            </ButtonLink>
            <ButtonLink to="/ventes/activites/nouvelle?kind=appointment" size="sm" variant="primary">
              {t("sales.logLinks.appointment")}
            </ButtonLink>
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <FilterPills
            label={t("sales.agenda.views")}
            pills={[
              { key: "jour", to: href({ vue: "jour" }), label: t("sales.agenda.day"), current: !week },
              { key: "semaine", to: href({ vue: "semaine" }), label: t("sales.agenda.week"), current: week },
            ]}
          />
          <nav className="flex items-center gap-2" aria-label={t("sales.agenda.navigation")}>
            <Link to={href({ date: nav.previous })} className={buttonClasses("secondary", "sm")} rel="prev">
              <span aria-hidden="true">←</span> {t(week ? "sales.agenda.previousWeek" : "sales.agenda.previousDay")}
            </Link>
            <Link to={href({ date: nav.today })} className={buttonClasses(containsToday ? "primary" : "secondary", "sm")} aria-current={containsToday ? "date" : undefined}>
              {t("sales.agenda.today")}
            </Link>
            <Link to={href({ date: nav.next })} className={buttonClasses("secondary", "sm")} rel="next">
              {t(week ? "sales.agenda.nextWeek" : "sales.agenda.nextDay")} <span aria-hidden="true">→</span>
            </Link>
          </nav>
        </div>
        {agenda.owners ? (
          <Form method="get" className="flex items-end gap-2">
            <input type="hidden" name="vue" value={agenda.view} />
            <input type="hidden" name="date" value={agenda.date} />
            <SelectField
              label={t("sales.agenda.owner")}
              name="proprietaire"
              defaultValue={ownerParam ?? ""}
              options={[
                { value: "", label: t("sales.agenda.ownerMe") },
                ...agenda.owners.filter((owner) => owner.id !== me).map((owner) => ({ value: owner.id, label: owner.name })),
                { value: TEAM, label: t("sales.agenda.team") },
              ]}
              onChange={(event) => event.currentTarget.form?.requestSubmit()}
            />
            <Button type="submit" variant="secondary">
              {t("sales.agenda.show")}
            </Button>
          </Form>
        ) : null}
      </div>
      <OverdueList agenda={agenda} showOwner={showOwner} />
      <AgendaGrid agenda={agenda} showOwner={showOwner} />
      {mayHaveFeed ? <CalendarFeedPanel feed={feed} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
