import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ServicePanelData, ServiceTicketRef, TicketAge } from "~/domain/sales/service-history";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";
import { PriorityBadge, StatusBadge } from "../helpdesk/ticket-badges";
import { useI18n } from "../i18n";
import { Badge, Card } from "../ui/layout";

export type { ServicePanelData } from "~/domain/sales/service-history";

/** What ServicePanel renders: the data from `loadServiceHistory` as the loader sent it (plain JSON). */
export type ServicePanelProps = { service: ServicePanelData; className?: string };

export function ticketAgeText(age: TicketAge, t: Translate): string {
  if (age.unit === "days") return age.value === 1 ? t("sales.service.age.day") : t("sales.service.age.days", { count: age.value });
  if (age.unit === "hours") return age.value === 1 ? t("sales.service.age.hour") : t("sales.service.age.hours", { count: age.value });
  return t("sales.service.age.lessThanHour");
}

/**
 * The service history in front of the rep (company page, deal page, appointment view): a warning
 * when an urgent or high-priority incident or complaint is open, then open tickets, incidents and
 * complaints and SLA breaches over 90 days, the latest ratings and interventions. Self-contained:
 * give it what `loadServiceHistory(viewer, companyId)` returned.
 */
export function ServicePanel({ service, className }: ServicePanelProps) {
  const { t, format } = useI18n();
  const { warning } = service;
  return (
    <Card title={t("sales.service.title")} className={className}>
      <div className="space-y-5" data-testid="service-panel">
        {warning ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="service-warning">
            <p className="font-semibold">
              {t(`sales.service.warning.${warning.ticket.type === "complaint" ? "complaint" : "incident"}.${warning.ticket.priority === "urgent" ? "urgent" : "high"}` as MessageKey, {
                age: ticketAgeText(warning.age, t),
              })}
            </p>
            <p className="mt-1">
              <TicketLink ticket={warning.ticket} />
              {warning.others > 0 ? <span> · {warning.others === 1 ? t("sales.service.warning.oneOther") : t("sales.service.warning.others", { count: warning.others })}</span> : null}
            </p>
          </div>
        ) : null}

        <Section
          title={t("sales.service.openTickets")}
          count={service.openTickets.count}
          empty={t("sales.service.noOpenTickets")}
          extra={
            service.openTickets.count > 0 ? (
              <span className="flex flex-wrap gap-1">
                {(["urgent", "high", "normal", "low"] as const)
                  .filter((priority) => service.openTickets.byPriority[priority])
                  .map((priority) => (
                    <span key={priority} className="text-xs text-slate-600">
                      {t(`ticket.priority.${priority}`)} : {format.number(service.openTickets.byPriority[priority] ?? 0)}
                    </span>
                  ))}
              </span>
            ) : null
          }
        >
          {service.openTickets.tickets.map((ticket) => (
            <li key={ticket.id} className="flex flex-wrap items-center gap-2">
              <PriorityBadge priority={ticket.priority} />
              <TicketLink ticket={ticket} />
              <span className="text-xs text-slate-500">{format.date(ticket.createdAt)}</span>
            </li>
          ))}
        </Section>

        <Section title={t("sales.service.incidents")} count={service.incidents.count} empty={t("sales.service.noIncidents")}>
          {service.incidents.tickets.map((ticket) => (
            <li key={ticket.id} className="flex flex-wrap items-center gap-2">
              <Badge tone={ticket.type === "complaint" ? "violet" : "amber"}>{t(`ticket.type.${ticket.type}` as MessageKey)}</Badge>
              <TicketLink ticket={ticket} />
              <StatusBadge status={ticket.status} />
            </li>
          ))}
        </Section>

        <Section title={t("sales.service.slaBreaches")} count={service.slaBreaches.count} empty={t("sales.service.noBreaches")}>
          {service.slaBreaches.tickets.map((ticket) => (
            <li key={ticket.id} className="flex flex-wrap items-center gap-2">
              <TicketLink ticket={ticket} />
              <span className="text-xs text-red-800">{ticket.targets.map((target) => t(`sales.service.breach.${target}`)).join(", ")}</span>
            </li>
          ))}
        </Section>

        <Section title={t("sales.service.ratings")} count={null} empty={t("sales.service.noRatings")}>
          {service.ratings.map((rating) => (
            <li key={`${rating.ticketNumber}-${rating.createdAt}`}>
              <span className={rating.rating === "good" ? "font-medium text-emerald-800" : "font-medium text-red-800"}>
                {rating.rating === "good" ? t("sales.service.ratingGood") : t("sales.service.ratingBad")}
              </span>{" "}
              <Link to={`/support/tickets/${rating.ticketNumber}`} className="text-brand-700 hover:underline">
                #{rating.ticketNumber}
              </Link>{" "}
              <span className="text-xs text-slate-500">{format.date(rating.createdAt)}</span>
              {rating.comment ? <p className="text-xs text-slate-600">« {rating.comment} »</p> : null}
            </li>
          ))}
        </Section>

        <Section title={t("sales.service.interventions")} count={null} empty={t("sales.service.noInterventions")}>
          {service.interventions.map((intervention) => (
            <li key={intervention.id} className="flex flex-wrap items-center gap-2">
              <span className="text-slate-700">{format.dateTime(intervention.startsAt)}</span>
              <span>{t(`sales.service.interventionKind.${intervention.kind === "remote" ? "remote" : "onsite"}`)}</span>
              <span className="text-slate-600">{intervention.technicianName}</span>
              <Badge tone={intervention.status === "done" ? "green" : intervention.status === "cancelled" ? "slate" : "blue"}>
                {t(`sales.service.interventionStatus.${intervention.status === "done" ? "done" : intervention.status === "cancelled" ? "cancelled" : "planned"}`)}
              </Badge>
              <Link to={`/support/tickets/${intervention.ticketNumber}`} className="text-brand-700 hover:underline">
                #{intervention.ticketNumber}
              </Link>
            </li>
          ))}
        </Section>
      </div>
    </Card>
  );
}

function TicketLink({ ticket }: { ticket: Pick<ServiceTicketRef, "number" | "subject"> }) {
  return (
    <Link to={`/support/tickets/${ticket.number}`} className="min-w-0 text-brand-700 hover:underline">
      <span className="tabular-nums">#{ticket.number}</span> {ticket.subject}
    </Link>
  );
}

function Section({ title, count, empty, extra, children }: { title: string; count: number | null; empty: string; extra?: ReactNode; children: ReactNode[] }) {
  const { format } = useI18n();
  return (
    <section>
      <h3 className="flex flex-wrap items-baseline gap-2 text-sm font-semibold text-slate-900">
        {title}
        {count !== null ? <span className="tabular-nums text-slate-600">({format.number(count)})</span> : null}
        {extra}
      </h3>
      {children.length === 0 ? <p className="mt-1 text-sm text-slate-600">{empty}</p> : <ul className="mt-2 space-y-1.5 text-sm">{children}</ul>}
    </section>
  );
}
