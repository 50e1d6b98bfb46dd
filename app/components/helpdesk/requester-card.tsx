import { Link } from "@remix-run/react";
import type { TicketWorkspace } from "~/domain/helpdesk/ticket-workspace.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";
import { Card } from "../ui/layout";
import { StatusBadge } from "./ticket-badges";

type Requester = Omit<TicketWorkspace["requester"], "otherOpenTickets" | "recentInteractions"> & {
  otherOpenTickets: Array<{ number: number; subject: string; status: string; updatedAt: Date | string }>;
  recentInteractions: Array<{ at: Date | string; direction: string; agentName: string | null; ticketNumber: number; ticketSubject: string; excerpt: string }>;
};

/** Who is asking: the contact, their company, their other open tickets and their last exchanges with us. */
export function RequesterCard({ requester, now }: { requester: Requester; now: string }) {
  const { t, format } = useI18n();
  return (
    <Card title={t("helpdesk.requester.title")}>
      <div className="space-y-4 text-sm">
        <div>
          <p className="font-semibold text-slate-900">
            <Link to={`/clients/contacts/${requester.id}`} className="hover:text-brand-700 hover:underline">
              {requester.name}
            </Link>
          </p>
          {requester.jobTitle ? <p className="text-slate-600">{requester.jobTitle}</p> : null}
          {requester.company ? (
            <p className="text-slate-600">
              <Link to={`/clients/societes/${requester.company.id}`} className="hover:text-brand-700 hover:underline">
                {requester.company.name}
              </Link>
              {requester.company.city ? ` · ${requester.company.city}` : ""}
            </p>
          ) : (
            <p className="text-slate-500">{t("helpdesk.requester.noCompany")}</p>
          )}
        </div>
        <dl className="space-y-1">
          {requester.emails.map((email) => (
            <div key={email.address} className="flex flex-wrap items-center gap-x-2">
              <dt className="sr-only">{t("helpdesk.requester.email")}</dt>
              <dd className="break-all">
                <a href={`mailto:${email.address}`} className="text-brand-700 hover:underline">
                  {email.address}
                </a>
                {email.isPrimary && requester.emails.length > 1 ? <span className="ml-1 text-xs text-slate-500">({t("helpdesk.requester.primary")})</span> : null}
                {email.bounced ? <span className="ml-1 text-xs font-medium text-red-700">{t("helpdesk.requester.bounced")}</span> : null}
              </dd>
            </div>
          ))}
          {requester.phone ? (
            <div>
              <dt className="sr-only">{t("helpdesk.requester.phone")}</dt>
              <dd>
                <a href={`tel:${requester.phone.replace(/\s+/g, "")}`} className="text-brand-700 hover:underline">
                  {requester.phone}
                </a>
              </dd>
            </div>
          ) : null}
          {requester.company?.phone ? (
            <div className="text-slate-600">
              <dt className="inline">{t("helpdesk.requester.companyPhone")} : </dt>
              <dd className="inline">{requester.company.phone}</dd>
            </div>
          ) : null}
          <div className="text-slate-600">
            <dt className="inline">{t("helpdesk.requester.language")} : </dt>
            <dd className="inline">{t(`locale.${requester.language === "en" ? "en" : "fr"}` as MessageKey)}</dd>
          </div>
        </dl>

        <section aria-labelledby="requester-open-tickets">
          <h3 id="requester-open-tickets" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t("helpdesk.requester.otherOpen", { count: requester.otherOpenTickets.length })}
          </h3>
          {requester.otherOpenTickets.length === 0 ? (
            <p className="mt-1 text-slate-500">{t("helpdesk.requester.noOtherOpen")}</p>
          ) : (
            <ul className="mt-1 space-y-1.5">
              {requester.otherOpenTickets.map((ticket) => (
                <li key={ticket.number} className="flex items-start justify-between gap-2">
                  <Link to={`/support/tickets/${ticket.number}`} className="min-w-0 text-brand-700 hover:underline">
                    <span className="tabular-nums">#{ticket.number}</span> <span className="break-words">{ticket.subject}</span>
                  </Link>
                  <StatusBadge status={ticket.status} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="requester-recent">
          <h3 id="requester-recent" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t("helpdesk.requester.recent")}
          </h3>
          {requester.recentInteractions.length === 0 ? (
            <p className="mt-1 text-slate-500">{t("helpdesk.requester.noRecent")}</p>
          ) : (
            <ul className="mt-1 space-y-2">
              {requester.recentInteractions.map((interaction, index) => (
                <li key={index}>
                  <p className="text-xs text-slate-500">
                    {format.relative(interaction.at, new Date(now))} ·{" "}
                    {interaction.direction === "in" ? t("helpdesk.requester.theyWrote") : t("helpdesk.requester.weAnswered", { agent: interaction.agentName ?? "—" })} ·{" "}
                    <Link to={`/support/tickets/${interaction.ticketNumber}`} className="text-brand-700 hover:underline">
                      #{interaction.ticketNumber}
                    </Link>
                  </p>
                  <p className="line-clamp-2 text-slate-700">{interaction.excerpt}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}
