import { Form, Link, useFetcher, useLocation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { type TimelineEntry, type TimelineKind, timelineKinds } from "~/domain/customers/timeline/timeline-entry";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";
import { StatusBadge } from "../helpdesk/ticket-badges";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { Badge, type BadgeTone, EmptyState } from "../ui/layout";

/** A timeline entry as it reaches the browser (single fetch keeps dates as dates). */
export type TimelineEntryView = Omit<TimelineEntry, "at"> & { at: Date | string };

export type TimelinePageView = { entries: TimelineEntryView[]; nextCursor: string | null };

const kindTones: Record<TimelineKind, BadgeTone> = {
  ticket: "blue",
  message: "slate",
  note: "amber",
  intervention: "violet",
  deal: "green",
  deal_stage: "green",
  activity: "slate",
  visit: "violet",
  quote: "blue",
  order: "green",
  campaign: "violet",
};
const dotColors: Record<TimelineKind, string> = {
  ticket: "bg-blue-500",
  message: "bg-slate-400",
  note: "bg-amber-500",
  intervention: "bg-violet-500",
  deal: "bg-emerald-500",
  deal_stage: "bg-emerald-400",
  activity: "bg-sky-500",
  visit: "bg-violet-400",
  quote: "bg-indigo-500",
  order: "bg-emerald-600",
  campaign: "bg-fuchsia-500",
};

const activityKinds = ["call", "appointment", "task", "email"] as const;
const quoteStatuses = ["draft", "sent", "accepted", "refused", "expired"] as const;

function oneOf<const Values extends readonly string[]>(values: Values, value: string | undefined): Values[number] | null {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as Values[number]) : null;
}

function entryLabel(entry: TimelineEntryView, t: Translate): string {
  switch (entry.kind) {
    case "ticket":
      return t("customers.timeline.ticketCreated");
    case "message":
      return entry.meta.direction === "in" ? t("customers.timeline.messageIn") : t("customers.timeline.messageOut");
    case "note":
      return t("customers.timeline.note");
    case "intervention":
      return entry.meta.status === "done"
        ? t("customers.timeline.interventionDone")
        : entry.meta.status === "cancelled"
          ? t("customers.timeline.interventionCancelled")
          : t("customers.timeline.interventionPlanned");
    case "deal":
      return t("customers.timeline.dealCreated");
    case "deal_stage":
      if (entry.meta.stageKind === "won") return t("customers.timeline.dealWon");
      if (entry.meta.stageKind === "lost") return t("customers.timeline.dealLost");
      return t("customers.timeline.dealMoved", { from: entry.meta.from ?? "", to: entry.meta.to ?? "" });
    case "activity": {
      const kind = oneOf(activityKinds, entry.meta.activityKind);
      return kind ? t(`customers.timeline.activity.${kind}`) : t("customers.timeline.kind.activity");
    }
    case "visit":
      return t("customers.timeline.visit");
    case "quote":
      return t("customers.timeline.quote");
    case "order":
      return t("customers.timeline.order");
    case "campaign":
      return t("campaignResults.timeline.badge");
    default:
      return t(`customers.timeline.kind.${entry.kind as TimelineKind}` as MessageKey);
  }
}

function TimelineItem({ entry }: { entry: TimelineEntryView }) {
  const { t, format } = useI18n();
  const attachments = Number(entry.meta.attachments ?? 0);
  return (
    <li className="relative pb-6 pl-8 last:pb-0" data-kind={entry.kind}>
      <span aria-hidden="true" className="absolute left-[7px] top-6 h-full w-px bg-slate-200" />
      <span aria-hidden="true" className={`absolute left-0.5 top-1.5 h-3 w-3 rounded-full ring-4 ring-white ${dotColors[entry.kind] ?? "bg-slate-400"}`} />
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <Badge tone={kindTones[entry.kind] ?? "slate"}>{entryLabel(entry, t)}</Badge>
        {entry.kind === "ticket" && entry.meta.status ? <StatusBadge status={entry.meta.status} /> : null}
        {entry.kind === "ticket" && entry.meta.channel ? <span>{t(`ticket.channel.${entry.meta.channel}` as MessageKey)}</span> : null}
        {entry.kind === "intervention" && entry.meta.mode ? (
          <span>{entry.meta.mode === "remote" ? t("customers.timeline.remote") : t("customers.timeline.onsite")}</span>
        ) : null}
        {entry.kind === "activity" && entry.meta.done === "yes" ? <span>{t("customers.timeline.activityDone")}</span> : null}
        {entry.kind === "quote" && oneOf(quoteStatuses, entry.meta.status) ? <span>{t(`customers.timeline.quoteStatus.${oneOf(quoteStatuses, entry.meta.status)!}`)}</span> : null}
        {entry.kind === "campaign" ? <CampaignDeliveryFacts meta={entry.meta} /> : null}
        {entry.meta.amountCents ? <span className="tabular-nums">{t("customers.timeline.amountExcl", { amount: format.euros(Number(entry.meta.amountCents) / 100) })}</span> : null}
        <time dateTime={new Date(entry.at).toISOString()} title={format.relative(entry.at)}>
          {format.dateTime(entry.at)}
        </time>
      </div>
      <p className="mt-1 text-sm">
        <Link to={entry.link} className="font-medium text-brand-700 hover:underline">
          {entry.title}
        </Link>
        {entry.actor ? <span className="text-slate-600"> · {t("customers.timeline.by", { name: entry.actor.name })}</span> : null}
      </p>
      {entry.summary ? <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-700">{entry.summary}</p> : null}
      {attachments > 0 ? <p className="mt-1 text-xs text-slate-500">{t("customers.timeline.attachments", { count: attachments })}</p> : null}
    </li>
  );
}

/** What the person did with a campaign mail: first open, first click, unsubscribe, bounce. */
function CampaignDeliveryFacts({ meta }: { meta: Record<string, string> }) {
  const { t, format } = useI18n();
  const facts: Array<[string, MessageKey]> = [
    ["openedAt", "campaignResults.timeline.opened"],
    ["clickedAt", "campaignResults.timeline.clicked"],
    ["unsubscribedAt", "campaignResults.timeline.unsubscribed"],
    ["bouncedAt", "campaignResults.timeline.bounced"],
  ];
  return (
    <>
      {facts.map(([field, label]) => (meta[field] ? <span key={field}>{t(label, { date: format.dateTime(meta[field]) })}</span> : null))}
    </>
  );
}

/**
 * The unified timeline of a contact or a company: filter by kind, read newest first, load older
 * entries in place (or page through links when JavaScript is off).
 */
export function CustomerTimeline({
  scope,
  page,
  kinds,
  startedFromCursor,
  canReadTickets,
}: {
  scope: { kind: "company" | "contact"; id: string };
  page: TimelinePageView;
  kinds: TimelineKind[];
  startedFromCursor: boolean;
  canReadTickets: boolean;
}) {
  const { t } = useI18n();
  const location = useLocation();
  const submit = useSubmit();
  const fetcher = useFetcher<TimelinePageView>();
  const [older, setOlder] = useState<TimelineEntryView[]>([]);
  const [nextCursor, setNextCursor] = useState(page.nextCursor);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // A new page (filter change, navigation) starts over.
  useEffect(() => {
    setOlder([]);
    setNextCursor(page.nextCursor);
  }, [page]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) {
      const loaded = fetcher.data;
      setOlder((current) => [...current, ...loaded.entries.filter((entry) => !current.some((seen) => seen.kind === entry.kind && seen.id === entry.id))]);
      setNextCursor(loaded.nextCursor);
    }
  }, [fetcher.state, fetcher.data]);

  const selected = new Set(kinds.length > 0 ? kinds : timelineKinds);
  const typesQuery = kinds.map((kind) => `types=${kind}`).join("&");
  const withCursor = (cursor: string) => `?${typesQuery ? `${typesQuery}&` : ""}curseur=${encodeURIComponent(cursor)}`;
  const entries = [...page.entries, ...older];

  return (
    <section aria-labelledby="timeline-title" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <h2 id="timeline-title" className="text-sm font-semibold text-slate-900">
          {t("customers.timeline.title")}
        </h2>
        <Form method="get" action={location.pathname} className="flex flex-wrap items-center gap-x-4 gap-y-2" onChange={(event) => submit(event.currentTarget, { preventScrollReset: true, replace: true })}>
          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <legend className="sr-only">{t("customers.timeline.filterLabel")}</legend>
            {timelineKinds.map((kind) => (
              <label key={kind} className="flex items-center gap-1.5 text-sm text-slate-700">
                <input type="checkbox" name="types" value={kind} defaultChecked={selected.has(kind)} className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                {t(`customers.timeline.kind.${kind}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          {hydrated ? null : (
            <Button type="submit" variant="secondary" size="sm">
              {t("customers.timeline.apply")}
            </Button>
          )}
        </Form>
      </header>
      <div className="p-4">
        {!canReadTickets ? <p className="mb-4 text-sm text-slate-600">{t("customers.timeline.noTicketAccess")}</p> : null}
        {startedFromCursor ? (
          <p className="mb-4">
            <Link to={typesQuery ? `?${typesQuery}` : location.pathname} className="text-sm text-brand-700 hover:underline">
              {t("customers.timeline.backToLatest")}
            </Link>
          </p>
        ) : null}
        {entries.length === 0 ? (
          canReadTickets ? <EmptyState>{kinds.length > 0 ? t("customers.timeline.emptyFiltered") : t("customers.timeline.empty")}</EmptyState> : null
        ) : (
          <ol className="relative" aria-live="polite">
            {entries.map((entry) => (
              <TimelineItem key={`${entry.kind}:${entry.id}`} entry={entry} />
            ))}
          </ol>
        )}
        {nextCursor ? (
          <div className="mt-6">
            <Link
              to={withCursor(nextCursor)}
              preventScrollReset
              className={buttonClasses("secondary", "sm")}
              aria-busy={fetcher.state !== "idle"}
              onClick={(event) => {
                if (!hydrated) return;
                event.preventDefault();
                const params = new URLSearchParams({ [scope.kind === "company" ? "societe" : "contact"]: scope.id, curseur: nextCursor });
                for (const kind of kinds) params.append("types", kind);
                fetcher.load(`/clients/chronologie?${params}`);
              }}
            >
              {fetcher.state !== "idle" ? t("customers.timeline.loading") : t("customers.timeline.more")}
            </Link>
          </div>
        ) : null}
      </div>
    </section>
  );
}
