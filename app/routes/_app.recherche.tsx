import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { PriorityBadge, StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { Badge, EmptyState, PageHeader } from "~/components/ui/layout";
import type { ExcerptPart } from "~/domain/search/excerpt";
import { search, searchableGroups } from "~/domain/search/search.server";
import { MAX_QUERY_LENGTH, type SearchGroup } from "~/domain/search/search-vocabulary";
import { companySectors } from "~/domain/helpdesk/ticket-vocabulary";
import { requireUser } from "~/lib/auth.server";
import { forbidden } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.query ? `${data.query} · Recherche · Comptoir` : "Recherche · Comptoir" }];

/** `dans=` in the URL, in French like the rest of the addresses. */
const groupParams: Record<SearchGroup, string> = { tickets: "tickets", contacts: "contacts", companies: "societes" };
const groupTitles: Record<SearchGroup, MessageKey> = { tickets: "search.tickets", contacts: "search.contacts", companies: "search.companies" };

/** Results per group on the overview, and when one group is shown alone. */
const OVERVIEW_LIMIT = 8;
const SINGLE_GROUP_LIMIT = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const allowed = searchableGroups(user);
  if (allowed.length === 0) throw forbidden("permission");
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const only = allowed.find((group) => groupParams[group] === params.get("dans")) ?? null;
  const results = query
    ? await search(user, query, { limit: only ? SINGLE_GROUP_LIMIT : OVERVIEW_LIMIT, groups: only ? [only] : undefined })
    : null;
  return { query, only, allowed, results };
}

function resultsUrl(query: string, group?: SearchGroup) {
  const params = new URLSearchParams({ q: query });
  if (group) params.set("dans", groupParams[group]);
  return `/recherche?${params}`;
}

function Excerpt({ parts }: { parts: ExcerptPart[] }) {
  return (
    <p className="mt-1 text-sm text-slate-600">
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

function GroupSection({ title, count, more, stoppedEarly = false, query, group, alone, children }: {
  title: string;
  count: number;
  more: boolean;
  /** The search stopped at its bound with matches unread (tickets, restricted readers). */
  stoppedEarly?: boolean;
  query: string;
  group: SearchGroup;
  alone: boolean;
  children: ReactNode;
}) {
  const { t, format } = useI18n();
  const headingId = `resultats-${group}`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          {title} <span className="font-normal tabular-nums text-slate-500">({format.number(count)}{more ? "+" : ""})</span>
        </h2>
        {more && !alone ? (
          <Link to={resultsUrl(query, group)} className="text-sm font-medium text-brand-700 hover:underline">
            {t("search.showMore")}
          </Link>
        ) : null}
      </header>
      {count === 0 ? <p className="px-4 py-6 text-sm text-slate-500">{t("search.groupEmpty")}</p> : <ul className="divide-y divide-slate-100">{children}</ul>}
      {more && alone ? <p className="border-t border-slate-100 px-4 py-3 text-sm text-slate-600">{t("search.moreThanShown")}</p> : null}
      {stoppedEarly ? <p className="border-t border-slate-100 px-4 py-3 text-sm text-slate-600">{t("search.stoppedEarly")}</p> : null}
    </section>
  );
}

const matchedLabels = {
  number: "search.matchedNumber",
  subject: "search.matchedSubject",
  message: "search.matchedMessage",
  note: "search.matchedNote",
} as const satisfies Record<string, MessageKey>;

export default function SearchPage() {
  const { query, only, allowed, results } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const shown = results ? results.groups : [];
  // A ticket search stopped at its bound is not "no results": its section says why and what to do.
  const nothingFound = results?.searched && !results.stoppedEarly && results.tickets.length + results.contacts.length + results.companies.length === 0;

  return (
    <>
      <PageHeader title={query ? t("search.resultsFor", { query }) : t("search.title")} description={query ? undefined : t("search.intro")} />
      <Form method="get" role="search" className="mb-6 flex max-w-2xl flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <label htmlFor="search-query" className="block text-sm font-medium text-slate-800">
            {t("search.label")}
          </label>
          <input
            id="search-query"
            name="q"
            type="search"
            defaultValue={query}
            key={query}
            maxLength={MAX_QUERY_LENGTH}
            autoFocus={!query}
            autoComplete="off"
            enterKeyHint="search"
            placeholder={t("search.placeholder")}
            className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600"
          />
        </div>
        {only ? <input type="hidden" name="dans" value={groupParams[only]} /> : null}
        <Button type="submit">{t("search.submit")}</Button>
      </Form>

      {only && allowed.length > 1 ? (
        <p className="mb-4">
          <Link to={resultsUrl(query)} className="text-sm font-medium text-brand-700 hover:underline">
            ← {t("search.allGroups")}
          </Link>
        </p>
      ) : null}

      {results && !results.searched ? <EmptyState>{t("search.nothingSearchable")}</EmptyState> : null}
      {nothingFound ? <EmptyState>{t("search.noResults", { query })}</EmptyState> : null}

      {results?.searched && !nothingFound ? (
        <div className={only ? "space-y-6" : "grid gap-6 lg:grid-cols-3"}>
          {shown.includes("tickets") ? (
            <div className={only ? undefined : "lg:col-span-2"}>
              <GroupSection title={t("search.tickets")} count={results.tickets.length} more={results.more.tickets} stoppedEarly={results.stoppedEarly} query={query} group="tickets" alone={Boolean(only)}>
                {results.tickets.map((ticket) => (
                  <li key={ticket.id} className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link to={`/support/tickets/${ticket.number}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                        <span className="tabular-nums text-slate-500">#{ticket.number}</span> {ticket.subject}
                      </Link>
                      <StatusBadge status={ticket.status} />
                      <PriorityBadge priority={ticket.priority} />
                      <Badge tone={ticket.matchedIn === "note" ? "amber" : "slate"}>{t(matchedLabels[ticket.matchedIn])}</Badge>
                    </div>
                    <p className="mt-0.5 text-sm text-slate-600">
                      {[ticket.requesterName, ticket.companyName].filter(Boolean).join(" · ")}
                      {" · "}
                      {t("search.updated", { when: format.relative(ticket.updatedAt) })}
                    </p>
                    {ticket.excerpt ? <Excerpt parts={ticket.excerpt} /> : null}
                  </li>
                ))}
              </GroupSection>
            </div>
          ) : null}
          {shown.includes("contacts") || shown.includes("companies") ? (
            <div className="space-y-6">
              {shown.includes("contacts") ? (
                <GroupSection title={t("search.contacts")} count={results.contacts.length} more={results.more.contacts} query={query} group="contacts" alone={Boolean(only)}>
                  {results.contacts.map((contact) => (
                    <li key={contact.id} className="px-4 py-3">
                      <Link to={`/clients/contacts/${contact.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                        {contact.name || contact.emails[0] || "—"}
                      </Link>
                      <p className="text-sm text-slate-600">{[contact.jobTitle, contact.companyName ?? t("search.independent")].filter(Boolean).join(" · ")}</p>
                      <p className="break-all text-sm text-slate-500">{contact.emails.length > 0 ? contact.emails.join(", ") : t("search.noEmail")}</p>
                    </li>
                  ))}
                </GroupSection>
              ) : null}
              {shown.includes("companies") ? (
                <GroupSection title={t("search.companies")} count={results.companies.length} more={results.more.companies} query={query} group="companies" alone={Boolean(only)}>
                  {results.companies.map((company) => (
                    <li key={company.id} className="px-4 py-3">
                      <Link to={`/clients/societes/${company.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                        {company.name}
                      </Link>
                      <p className="text-sm text-slate-600">
                        {[
                          (companySectors as readonly string[]).includes(company.sector) ? t(`sector.${company.sector as (typeof companySectors)[number]}`) : null,
                          company.city,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </p>
                      {company.domains.length > 0 ? <p className="break-all text-sm text-slate-500">{company.domains.join(", ")}</p> : null}
                    </li>
                  ))}
                </GroupSection>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
