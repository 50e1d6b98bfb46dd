import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { InterventionKindBadge, usePlanningFormat } from "~/components/planning/intervention-forms";
import { Button, buttonClasses } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { SelectField } from "~/components/ui/field";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { agendaWeek, listTechnicians } from "~/domain/helpdesk/interventions.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { addDays, closedReason, formatIsoWeek, frenchPublicHolidays, isoDate, parseIsoWeek, toZoned, weekdayIndex } from "~/domain/helpdesk/sla/business-calendar";
import { loadBusinessCalendar } from "~/domain/helpdesk/sla/sla.server";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Agenda · Comptoir" }];

const SLOT = 15; // minutes per grid row

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const url = new URL(request.url);
  const today = toZoned(new Date(), WORKSPACE_TIME_ZONE).date;
  const requestedWeek = url.searchParams.get("semaine") ?? "";
  const monday = parseIsoWeek(requestedWeek) ?? addDays(today, -weekdayIndex(today));
  const technicians = await listTechnicians();
  const requested = url.searchParams.get("technicien");
  const technician =
    technicians.find((candidate) => candidate.id === requested) ?? technicians.find((candidate) => candidate.id === user.id) ?? technicians[0] ?? null;

  const calendar = await loadBusinessCalendar();
  const holidayNames = new Map<string, string>();
  for (const year of new Set([monday.year, addDays(monday, 6).year])) {
    for (const holiday of frenchPublicHolidays(year, { alsaceMoselle: calendar.alsaceMoselle })) holidayNames.set(isoDate(holiday.date), holiday.id);
  }
  const days = Array.from({ length: 7 }, (_, index) => {
    const date = addDays(monday, index);
    const iso = isoDate(date);
    const reason = closedReason(date, calendar);
    return {
      iso,
      isToday: iso === isoDate(today),
      closed: reason === "holiday" ? { holiday: holidayNames.get(iso) ?? null, label: null } : reason === "closed_day" ? { holiday: null, label: calendar.closedDays.find((day) => day.date === iso)?.label ?? "" } : null,
    };
  });

  const interventions = technician ? await agendaWeek({ technicianId: technician.id, monday, viewer: user }) : [];
  const placed = interventions.map((intervention) => {
    const start = toZoned(intervention.startsAt, WORKSPACE_TIME_ZONE);
    const end = toZoned(intervention.endsAt, WORKSPACE_TIME_ZONE);
    const dayIndex = days.findIndex((day) => day.iso === isoDate(start.date));
    const sameDay = isoDate(end.date) === isoDate(start.date);
    return { ...intervention, dayIndex: Math.max(0, dayIndex), startMinute: dayIndex < 0 ? 0 : start.minutes, endMinute: sameDay ? end.minutes : 24 * 60 };
  });

  return {
    week: formatIsoWeek(monday),
    previousWeek: formatIsoWeek(addDays(monday, -7)),
    nextWeek: formatIsoWeek(addDays(monday, 7)),
    currentWeek: formatIsoWeek(today),
    days,
    technicians,
    technician,
    interventions: placed,
  };
}

export default function AgendaPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const { days, interventions, technician } = data;
  const withTechnician = (week: string) => `/support/agenda?semaine=${week}${technician ? `&technicien=${technician.id}` : ""}`;

  // Working days always show; the weekend only when something is planned on it.
  const shownDays = days.map((day, index) => ({ ...day, index })).filter((day) => day.index < 5 || interventions.some((item) => item.dayIndex === day.index));
  const firstMinute = Math.min(7 * 60, ...interventions.map((item) => Math.floor(item.startMinute / 60) * 60));
  const lastMinute = Math.max(19 * 60, ...interventions.map((item) => Math.ceil(item.endMinute / 60) * 60));
  const rows = (lastMinute - firstMinute) / SLOT;
  const hours = Array.from({ length: (lastMinute - firstMinute) / 60 }, (_, index) => firstMinute + index * 60);
  const dayLabel = (iso: string) => planning.shortDay(`${iso}T12:00:00Z`);
  const closedLabel = (day: (typeof days)[number]) =>
    day.closed ? (day.closed.holiday ? t(`planning.holiday.${day.closed.holiday}` as MessageKey) : day.closed.label || t("planning.agenda.closedDay")) : null;

  return (
    <>
      <PageHeader
        title={t("planning.agenda.title")}
        description={technician ? t("planning.agenda.description", { name: technician.name, from: planning.day(`${days[0].iso}T12:00:00Z`), to: planning.day(`${days[6].iso}T12:00:00Z`) }) : undefined}
        actions={
          <Link to="/support" className={buttonClasses("secondary", "sm")}>
            {t("planning.agenda.backToTickets")}
          </Link>
        }
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <nav className="flex items-center gap-2" aria-label={t("planning.agenda.weekNavigation")}>
          <Link to={withTechnician(data.previousWeek)} className={buttonClasses("secondary", "sm")} rel="prev">
            <span aria-hidden="true">←</span> {t("planning.agenda.previousWeek")}
          </Link>
          <Link
            to={withTechnician(data.currentWeek)}
            className={buttonClasses(data.week === data.currentWeek ? "primary" : "secondary", "sm")}
            aria-current={data.week === data.currentWeek ? "page" : undefined}
          >
            {t("planning.agenda.thisWeek")}
          </Link>
          <Link to={withTechnician(data.nextWeek)} className={buttonClasses("secondary", "sm")} rel="next">
            {t("planning.agenda.nextWeek")} <span aria-hidden="true">→</span>
          </Link>
          <span className="ml-2 text-sm font-medium tabular-nums text-slate-600">{t("planning.agenda.weekNumber", { week: data.week.split("-W")[1], year: data.week.split("-W")[0] })}</span>
        </nav>
        {data.technicians.length > 0 ? (
          <Form method="get" className="flex items-end gap-2">
            <input type="hidden" name="semaine" value={data.week} />
            <SelectField
              label={t("planning.field.technician")}
              name="technicien"
              defaultValue={technician?.id ?? ""}
              options={data.technicians.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
              onChange={(event) => event.currentTarget.form?.requestSubmit()}
            />
            <Button type="submit" variant="secondary" size="md">
              {t("planning.agenda.show")}
            </Button>
          </Form>
        ) : null}
      </div>

      {!technician ? (
        <EmptyState>{t("planning.agenda.noTechnician")}</EmptyState>
      ) : (
        <>
          {interventions.length === 0 ? <p className="mb-3 text-sm text-slate-600">{t("planning.agenda.empty")}</p> : null}
          {/* Tablets and desktops: the week as a time grid. */}
          <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
            <section
              className="grid min-w-[40rem]"
              style={{ gridTemplateColumns: `3.5rem repeat(${shownDays.length}, minmax(0, 1fr))`, gridTemplateRows: `auto repeat(${rows}, 0.85rem)` }}
              aria-label={t("planning.agenda.title")}
            >
              <div className="sticky left-0 border-b border-slate-200 bg-slate-50" style={{ gridColumn: 1, gridRow: 1 }} />
              {shownDays.map((day, column) => (
                <div
                  key={day.iso}
                  className={cn("border-b border-l border-slate-200 px-2 py-2 text-sm", day.isToday ? "bg-brand-50 font-semibold text-brand-800" : "bg-slate-50 text-slate-700")}
                  style={{ gridColumn: column + 2, gridRow: 1 }}
                >
                  <span className="block first-letter:uppercase">{dayLabel(day.iso)}</span>
                  {closedLabel(day) ? <span className="block text-xs font-normal text-amber-800">{closedLabel(day)}</span> : null}
                </div>
              ))}
              {hours.map((minute) => (
                <div
                  key={minute}
                  className="border-t border-slate-100 pr-2 text-right text-xs tabular-nums text-slate-500"
                  style={{ gridColumn: 1, gridRow: `${2 + (minute - firstMinute) / SLOT} / span ${60 / SLOT}` }}
                  aria-hidden="true"
                >
                  {`${String(minute / 60).padStart(2, "0")}:00`}
                </div>
              ))}
              {shownDays.map((day, column) => (
                <div
                  key={`background-${day.iso}`}
                  className={cn("border-l border-slate-200", day.closed ? "bg-amber-50/60" : day.isToday ? "bg-brand-50/30" : "")}
                  style={{ gridColumn: column + 2, gridRow: `2 / span ${rows}` }}
                  aria-hidden="true"
                />
              ))}
              {hours.map((minute) => (
                <div
                  key={`line-${minute}`}
                  className="pointer-events-none border-t border-slate-100"
                  style={{ gridColumn: `2 / span ${shownDays.length}`, gridRow: `${2 + (minute - firstMinute) / SLOT}` }}
                  aria-hidden="true"
                />
              ))}
              {interventions.map((item) => {
                const column = shownDays.findIndex((day) => day.index === item.dayIndex);
                if (column < 0) return null;
                const startRow = 2 + Math.floor((item.startMinute - firstMinute) / SLOT);
                const span = Math.max(2, Math.ceil((item.endMinute - item.startMinute) / SLOT));
                return (
                  <div key={item.id} className="relative z-10 p-0.5" style={{ gridColumn: column + 2, gridRow: `${startRow} / span ${span}` }}>
                    <AgendaItem item={item} />
                  </div>
                );
              })}
            </section>
          </div>
          {/* Phones: the same week as a list per day. */}
          <ol className="space-y-4 md:hidden">
            {shownDays.map((day) => {
              const items = interventions.filter((item) => item.dayIndex === day.index);
              return (
                <li key={day.iso}>
                  <h2 className="text-sm font-semibold text-slate-800 first-letter:uppercase">
                    {dayLabel(day.iso)}
                    {closedLabel(day) ? <span className="ml-2 font-normal text-amber-800">{closedLabel(day)}</span> : null}
                  </h2>
                  {items.length === 0 ? (
                    <p className="text-sm text-slate-500">{t("planning.agenda.nothing")}</p>
                  ) : (
                    <ul className="mt-1 space-y-2">
                      {items.map((item) => (
                        <li key={item.id}>
                          <AgendaItem item={item} />
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </>
  );
}

type AgendaEntry = Awaited<ReturnType<typeof loader>>["interventions"][number];

function AgendaItem({ item }: { item: AgendaEntry }) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const time = `${planning.clock(item.startsAt)}–${planning.clock(item.endsAt)}`;
  if (!item.visible || !item.ticket) {
    return (
      <div className="h-full rounded-md bg-slate-200 px-2 py-1 text-xs text-slate-700" aria-label={`${planning.slot(item.startsAt, item.endsAt)} · ${t("planning.agenda.busy")}`}>
        <span className="font-medium tabular-nums">{time}</span> {t("planning.agenda.busy")}
      </div>
    );
  }
  return (
    <article
      className={cn(
        "h-full overflow-hidden rounded-md px-2 py-1 text-xs shadow-sm ring-1",
        item.status === "done" ? "bg-emerald-50 text-emerald-950 ring-emerald-200" : item.kind === "remote" ? "bg-violet-50 text-violet-950 ring-violet-200" : "bg-amber-50 text-amber-950 ring-amber-200",
      )}
      aria-label={`${planning.slot(item.startsAt, item.endsAt)} · #${item.ticket.number} ${item.ticket.subject}`}
    >
      <p className="flex flex-wrap items-center gap-1">
        <Link
          to={`/support/interventions/${item.id}`}
          className="font-semibold tabular-nums underline-offset-2 hover:underline"
          aria-label={`${time} · ${item.status === "planned" ? t("planning.agenda.writeReport") : t("planning.agenda.openIntervention")}`}
        >
          {time}
        </Link>
        <InterventionKindBadge kind={item.kind} />
        {item.status === "done" ? <span className="font-medium text-emerald-800">{t("planning.status.done")}</span> : null}
      </p>
      <p className="mt-0.5">
        <Link to={`/support/tickets/${item.ticket.number}`} className="font-medium underline-offset-2 hover:underline">
          #{item.ticket.number} {item.ticket.subject}
        </Link>
      </p>
      {item.ticket.companyName ? <p className="truncate text-[0.7rem] opacity-80">{item.ticket.companyName}</p> : null}
      {item.address ? <p className="truncate text-[0.7rem] opacity-80">{item.address}</p> : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
