/**
 * The domain's events: their names and payloads, and how a process listens to them.
 *
 * Events are durable (docs/decisions/010-durable-domain-events.md): a command records them in its
 * own transaction (`transactionWithEvents` in event-store.server.ts) and the event dispatcher
 * (server/workers/event-dispatcher.ts) reads the stream in order. On every node it hands each
 * event to the listeners registered here with `onDomainEvent` (live updates, wake-ups); durable
 * consumers with their own cursor (notifications, webhooks, automations) run once per cluster.
 * The domain never knows who listens.
 *
 * Payloads are JSON: ids, small values, dates as ISO strings.
 *
 * The listener registry lives on globalThis because the server entry and the Remix build load
 * separate copies of this module; both must see the same listeners.
 */

export type DomainEvents = {
  "user.created": { userId: string; actorId: string | null };
  "user.updated": { userId: string; actorId: string | null; changes: string[] };
  "session.revoked": { sessionIds: string[]; userId: string };
  "ticket.created": { ticketId: string; actorId: string | null };
  "ticket.updated": { ticketId: string; actorId: string | null; changes: string[] };
  "message.added": { ticketId: string; messageId: string; visibility: "public" | "internal"; actorId: string | null };
  /** A ticket was merged into another of the same requester: its thread moved to `targetId`, it is closed. */
  "ticket.merged": { sourceId: string; targetId: string; actorId: string | null; messageIds: string[] };
  "company.saved": { companyId: string; actorId: string | null; created: boolean };
  "contact.saved": { contactId: string; actorId: string | null; created: boolean };
  /** Two customer records became one: `mergedId` no longer exists, its tickets now belong to `keptId`. */
  "customers.merged": { kind: "contact" | "company"; keptId: string; mergedId: string; actorId: string | null; ticketIds: string[] };
  /** A notification row was written for a user (live bell). */
  "notification.created": { notificationId: string; userId: string };
  /** A user read one or all of their notifications (other tabs update their counter). */
  "notifications.read": { userId: string };
  /** An SLA target of a ticket is within the warning window (announced once per target and due date). */
  "sla.warning": { ticketId: string; target: "first_response" | "resolution"; dueAt: string };
  /** An SLA target of a ticket went past its due date (announced once per target and due date). */
  "sla.breached": { ticketId: string; target: "first_response" | "resolution"; dueAt: string };
  /** An intervention was planned, moved, cancelled or reported (agenda, technician's notifications). */
  "intervention.changed": {
    interventionId: string;
    ticketId: string;
    technicianId: string;
    change: "planned" | "rescheduled" | "cancelled" | "reported";
    actorId: string | null;
  };
  /** An outbox mail changed delivery state: sent, retrying after an error, failed, bounced. */
  "email.delivery": { outboundEmailId: string; ticketId: string | null; messageId: string | null; status: "queued" | "sending" | "sent" | "failed" };
  /** An incoming mail was stored, processed, or failed (Administration lists update). */
  "email.inbound": { inboundEmailId: string; mailboxId: string; status: "received" | "processed" | "failed" | "ignored"; ticketId: string | null };
  /** A deal was created or its fields changed (not its stage: see deal.stage_changed). */
  "deal.saved": { dealId: string; actorId: string | null; created: boolean };
  /** A deal moved to another pipeline stage (kanban, deal page, or an order that won it). */
  "deal.stage_changed": { dealId: string; fromStageId: string; toStageId: string; toKind: "open" | "won" | "lost"; actorId: string | null };
  /** A sales activity (call, appointment, task, email) was created, changed, done or deleted. */
  "activity.saved": { activityId: string; ownerId: string; actorId: string | null; change: "created" | "updated" | "done" | "reopened" | "deleted" };
  /** A visit report was written or changed (its tickets, the company's timeline). */
  "visit_report.saved": { reportId: string; authorId: string; companyId: string; ticketIds: string[]; actorId: string | null; created: boolean };
  /** A quote was created, edited (draft), sent to the customer, accepted or refused. */
  "quote.saved": { quoteId: string; ownerId: string; actorId: string | null; change: "created" | "updated" | "sent" | "accepted" | "refused" };
  /** An accepted quote became an order (order intake; its deal was won in the same transaction). */
  "order.created": { orderId: string; quoteId: string; companyId: string; dealId: string | null; ownerId: string; totalExclCents: number; actorId: string | null };
  /** A maintenance contract was created, changed, renewed for a new term or cancelled. */
  "contract.saved": { contractId: string; companyId: string; ownerId: string; actorId: string | null; change: "created" | "updated" | "renewed" | "cancelled" };
  /** A wall screen's board link was revoked: its screens are disconnected. */
  "wall_board.revoked": { wallBoardId: string; actorId: string | null };
  /** An address's marketing consent changed (form, portal, contact page, import, unsubscribe link, bounce, complaint). */
  "consent.changed": {
    address: string;
    contactId: string | null;
    state: string;
    previousState: string | null;
    source: string;
    campaignId: string | null;
    actorId: string | null;
  };
  /** A segment was created, edited or archived. */
  "segment.saved": { segmentId: string; actorId: string | null; change: "created" | "updated" | "archived" };
  /** A campaign was created, edited, scheduled, launched, paused, resumed, cancelled, or finished sending. */
  "campaign.saved": {
    campaignId: string;
    actorId: string | null;
    change: "created" | "updated" | "scheduled" | "unscheduled" | "launched" | "paused" | "resumed" | "cancelled" | "finished";
  };
  /** The sender moved on (recorded at most about once a second per campaign while it sends): live progress bars. */
  "campaign.progressed": { campaignId: string; sent: number; failed: number; total: number };
  /**
   * Something a recipient did or that happened to their mail, recorded the first time only (first
   * open, first click on a link, unsubscribe, bounce, complaint, reply): live results.
   */
  "campaign.engagement": { campaignId: string; recipientId: string; kind: "open" | "click" | "unsubscribe" | "bounce" | "complaint" | "reply" };
  /**
   * An import job moved on: queued, a batch of rows recorded (the progress bar), cancelled,
   * finished, failed or undone. Counts only, never the rows' data.
   */
  "import.progressed": {
    jobId: string;
    status: string;
    totalRows: number;
    doneRows: number;
    counts: { created: number; updated: number; merged: number; skipped: number; rejected: number };
    actorId: string | null;
  };
};
export type DomainEventName = keyof DomainEvents;

/** Who caused an event: a person in the interface, an automation rule, an API token's user, or Comptoir itself. */
export type EventActorKind = "user" | "automation" | "api" | "system";
export type EventActor = { kind: EventActorKind; id: string | null };

/** An event as the stream holds it. */
export type StoredEvent<Name extends DomainEventName = DomainEventName> = {
  position: number;
  id: string;
  name: Name;
  payload: DomainEvents[Name];
  actor: EventActor;
  occurredAt: Date;
};

export type DomainEventListener<Name extends DomainEventName> = (payload: DomainEvents[Name], event: StoredEvent<Name>) => void | Promise<void>;

// Stored loosely typed; onDomainEvent/publishLocally keep each name paired with its payload.
type ListenerRegistry = Map<DomainEventName, Set<(payload: never, event: never) => void | Promise<void>>>;

const registryKey = Symbol.for("comptoir.domainEvents");
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: ListenerRegistry };

function registry(): ListenerRegistry {
  const store = globalThis as GlobalWithRegistry;
  store[registryKey] ??= new Map();
  return store[registryKey];
}

/** Listens, in this process, to the events the dispatcher reads from the stream; returns the unsubscribe function. */
export function onDomainEvent<Name extends DomainEventName>(name: Name, listener: DomainEventListener<Name>): () => void {
  let listeners = registry().get(name);
  if (!listeners) registry().set(name, (listeners = new Set()));
  const entry = listener as (payload: never, event: never) => void | Promise<void>;
  listeners.add(entry);
  return () => listeners.delete(entry);
}

/**
 * Hands a stored event to this process's listeners and waits for them (so a node handles its
 * events in stream order). Called by the event dispatcher only. A failing listener is logged; it
 * never blocks the others nor the stream.
 */
export async function publishLocally(event: StoredEvent): Promise<void> {
  const listeners = registry().get(event.name) as Set<DomainEventListener<DomainEventName>> | undefined;
  if (!listeners || listeners.size === 0) return;
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(event.payload, event);
      } catch (error) {
        console.error(`[events] ${event.name} listener failed`, error);
      }
    }),
  );
}
