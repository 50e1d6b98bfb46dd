import { Link } from "@remix-run/react";
import type { Agenda } from "~/domain/sales/activity-agenda.server";
import { useI18n } from "../i18n";
import { usePlanningFormat } from "../planning/intervention-forms";
import { cn } from "../ui/cn";
import { ActivityKindBadge, DoneToggle, useLateness } from "./activity-parts";

/** The agenda as the loader sends it (single fetch keeps dates as dates). */
export type AgendaData = Agenda;
type Appointment = AgendaData["days"][number]["appointments"][number];
type Todo = AgendaData["days"][number]["todos"][number];

const SLOT = 15; // minutes per grid row

const dayLabelDate = (iso: string) => `${iso}T12:00:00Z`;

/** Late to-dos, oldest first, each with how late it is and a box to tick it off. */
export function OverdueList({ agenda, showOwner }: { agenda: AgendaData; showOwner: boolean }) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const lateness = useLateness();
  if (agenda.overdueCount === 0) return null;
  return (
    <section className="mb-6 rounded-lg border border-red-200 bg-red-50/60 p-4" aria-labelledby="overdue-title" data-testid="overdue">
      <h2 id="overdue-title" className="text-sm font-semibold text-red-900">
        {t("sales.agenda.overdue", { count: agenda.overdueCount })}
      </h2>
      <ul className="mt-2 divide-y divide-red-100">
        {agenda.overdue.map((todo) => (
          <li key={todo.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
            <DoneToggle activity={todo} />
            <Link to={`/ventes/activites/${todo.id}`} className="font-medium text-slate-900 hover:underline">
              {todo.subject}
            </Link>
            <ActivityKindBadge kind={todo.kind} />
            <span className="font-medium text-red-800">{t("sales.agenda.lateBy", { duration: lateness(todo.minutesLate) })}</span>
            <span className="text-slate-600">
              {todo.allDay ? t("sales.agenda.dueDay", { date: planning.shortDay(todo.startsAt) }) : t("sales.agenda.dueAt", { date: planning.shortDay(todo.startsAt), time: planning.clock(todo.startsAt) })}
            </span>
            {todo.company ? <span className="text-slate-600">· {todo.company.name}</span> : null}
            {showOwner ? <span className="text-slate-500">· {todo.owner.name}</span> : null}
          </li>
        ))}
      </ul>
      {agenda.overdueCount > agenda.overdue.length ? <p className="mt-2 text-xs text-red-900">{t("sales.agenda.overdueMore", { count: agenda.overdueCount - agenda.overdue.length })}</p> : null}
    </section>
  );
}

function TodoLine({ todo, showOwner }: { todo: Todo; showOwner: boolean }) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  return (
    <div className={cn("flex items-start gap-2 rounded-md px-1.5 py-1 text-xs", todo.overdue ? "bg-red-50 text-red-950" : todo.done ? "text-slate-500" : "bg-white text-slate-800")}>
      <DoneToggle activity={todo} className="mt-px" />
      <span className="min-w-0">
        <Link to={`/ventes/activites/${todo.id}`} className={cn("font-medium hover:underline", todo.done ? "line-through" : "")}>
          {todo.allDay ? null : <span className="tabular-nums">{planning.clock(todo.startsAt)} </span>}
          {todo.subject}
        </Link>
        <span className="block truncate text-[0.7rem] opacity-80">
          {t(`sales.activity.kind.${todo.kind === "call" || todo.kind === "email" ? todo.kind : "task"}`)}
          {todo.company ? ` · ${todo.company.name}` : ""}
          {showOwner ? ` · ${todo.owner.name}` : ""}
        </span>
      </span>
    </div>
  );
}

function AppointmentCard({ item, showOwner }: { item: Appointment; showOwner: boolean }) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const time = `${planning.clock(item.startsAt)}–${item.endsAt ? planning.clock(item.endsAt) : ""}`;
  return (
    <article
      className={cn(
        "h-full overflow-hidden rounded-md px-2 py-1 text-xs shadow-sm ring-1",
        item.done ? "bg-emerald-50 text-emerald-950 ring-emerald-200" : item.mode === "remote" ? "bg-violet-50 text-violet-950 ring-violet-200" : "bg-amber-50 text-amber-950 ring-amber-200",
      )}
      aria-label={`${item.endsAt ? planning.slot(item.startsAt, item.endsAt) : planning.day(item.startsAt)} · ${item.subject}`}
      data-testid="agenda-appointment"
    >
      <p className="flex flex-wrap items-center gap-1">
        <Link to={`/ventes/activites/${item.id}`} className="font-semibold tabular-nums underline-offset-2 hover:underline">
          {time}
        </Link>
        {item.done ? <span className="font-medium text-emerald-800">{t("sales.agenda.held")}</span> : null}
      </p>
      <p className="mt-0.5 font-medium">
        <Link to={`/ventes/activites/${item.id}`} className="underline-offset-2 hover:underline">
          {item.subject}
        </Link>
      </p>
      {item.company ? <p className="truncate text-[0.7rem] opacity-80">{item.company.name}</p> : null}
      {item.location ? <p className="truncate text-[0.7rem] opacity-80">{item.location}</p> : null}
      {showOwner ? <p className="truncate text-[0.7rem] opacity-80">{item.owner.name}</p> : null}
    </article>
  );
}

/**
 * The days of the view: a row of to-dos per day, then the appointments on a time grid (side by
 * side when they overlap). On phones, the same days as lists. In the week view the weekend shows
 * only when something is on it.
 */
export function AgendaGrid({ agenda, showOwner }: { agenda: AgendaData; showOwner: boolean }) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const week = agenda.view === "semaine";
  const shownDays = agenda.days.filter((day, index) => !week || index < 5 || day.appointments.length > 0 || day.todos.length > 0);
  const appointments = shownDays.flatMap((day) => day.appointments);
  const firstMinute = Math.min(8 * 60, ...appointments.map((item) => Math.floor(item.startMinute / 60) * 60));
  const lastMinute = Math.max(19 * 60, ...appointments.map((item) => Math.ceil(Math.max(item.endMinute, item.startMinute + SLOT) / 60) * 60));
  const rows = (lastMinute - firstMinute) / SLOT;
  const hours = Array.from({ length: (lastMinute - firstMinute) / 60 }, (_, index) => firstMinute + index * 60);
  const dayLabel = (iso: string) => (week ? planning.shortDay(dayLabelDate(iso)) : planning.day(dayLabelDate(iso)));
  const empty = agenda.days.every((day) => day.appointments.length === 0 && day.todos.length === 0);

  return (
    <>
      {empty ? <p className="mb-3 text-sm text-slate-600">{t(week ? "sales.agenda.emptyWeek" : "sales.agenda.emptyDay")}</p> : null}
      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
        <section
          className="grid min-w-[40rem]"
          style={{ gridTemplateColumns: `3.5rem repeat(${shownDays.length}, minmax(0, 1fr))`, gridTemplateRows: `auto auto repeat(${rows}, 1rem)` }}
          aria-label={t("sales.agenda.grid")}
        >
          <div className="sticky left-0 border-b border-slate-200 bg-slate-50" style={{ gridColumn: 1, gridRow: 1 }} />
          {shownDays.map((day, column) => (
            <h2
              key={day.iso}
              className={cn("border-b border-l border-slate-200 px-2 py-2 text-sm first-letter:uppercase", day.isToday ? "bg-brand-50 font-semibold text-brand-800" : "bg-slate-50 font-medium text-slate-700")}
              style={{ gridColumn: column + 2, gridRow: 1 }}
            >
              {dayLabel(day.iso)}
            </h2>
          ))}
          <div className="border-b border-slate-200 px-1 py-1 text-right text-[0.65rem] font-medium uppercase tracking-wide text-slate-500" style={{ gridColumn: 1, gridRow: 2 }}>
            {t("sales.agenda.todoRow")}
          </div>
          {shownDays.map((day, column) => (
            <div key={`todos-${day.iso}`} className="space-y-1 border-b border-l border-slate-200 bg-slate-50/50 p-1" style={{ gridColumn: column + 2, gridRow: 2 }}>
              {day.todos.map((todo) => (
                <TodoLine key={todo.id} todo={todo} showOwner={showOwner} />
              ))}
            </div>
          ))}
          {hours.map((minute) => (
            <div
              key={minute}
              className="border-t border-slate-100 pr-2 text-right text-xs tabular-nums text-slate-500"
              style={{ gridColumn: 1, gridRow: `${3 + (minute - firstMinute) / SLOT} / span ${60 / SLOT}` }}
              aria-hidden="true"
            >
              {`${String(minute / 60).padStart(2, "0")}:00`}
            </div>
          ))}
          {shownDays.map((day, column) => (
            <div key={`background-${day.iso}`} className={cn("border-l border-slate-200", day.isToday ? "bg-brand-50/30" : "")} style={{ gridColumn: column + 2, gridRow: `3 / span ${rows}` }} aria-hidden="true" />
          ))}
          {hours.map((minute) => (
            <div
              key={`line-${minute}`}
              className="pointer-events-none border-t border-slate-100"
              style={{ gridColumn: `2 / span ${shownDays.length}`, gridRow: `${3 + (minute - firstMinute) / SLOT}` }}
              aria-hidden="true"
            />
          ))}
          {shownDays.flatMap((day, column) =>
            day.appointments.map((item) => {
              const startRow = 3 + Math.floor((item.startMinute - firstMinute) / SLOT);
              const span = Math.max(2, Math.ceil((item.endMinute - item.startMinute) / SLOT));
              return (
                <div
                  key={`${day.iso}-${item.id}`}
                  className="relative z-10 p-0.5"
                  style={{ gridColumn: column + 2, gridRow: `${startRow} / span ${span}`, marginLeft: `${(item.lane / item.lanes) * 100}%`, width: `${100 / item.lanes}%` }}
                >
                  <AppointmentCard item={item} showOwner={showOwner} />
                </div>
              );
            }),
          )}
        </section>
      </div>
      <ol className="space-y-4 md:hidden">
        {shownDays.map((day) => (
          <li key={day.iso}>
            <h2 className={cn("text-sm font-semibold first-letter:uppercase", day.isToday ? "text-brand-800" : "text-slate-800")}>{planning.day(dayLabelDate(day.iso))}</h2>
            {day.appointments.length === 0 && day.todos.length === 0 ? (
              <p className="text-sm text-slate-500">{t("sales.agenda.nothing")}</p>
            ) : (
              <ul className="mt-1 space-y-2">
                {day.todos.map((todo) => (
                  <li key={todo.id}>
                    <TodoLine todo={todo} showOwner={showOwner} />
                  </li>
                ))}
                {day.appointments.map((item) => (
                  <li key={item.id}>
                    <AppointmentCard item={item} showOwner={showOwner} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
