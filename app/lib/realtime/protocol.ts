/**
 * The live-update protocol between server/realtime and the staff browser (Socket.IO events and
 * their payloads). Shared by both sides, so it holds types and constants only.
 *
 * Payloads carry ids and the little display data a recipient needs (number, subject, status,
 * who did it). Every recipient was checked against the ticket record rule just before sending.
 */

export const realtimePath = "/socket.io";

/** Typing indicators expire on the server after this long without a new typing signal. */
export const TYPING_TTL_MS = 6_000;
/** The browser repeats "still typing" at most this often. */
export const TYPING_THROTTLE_MS = 2_000;

export type LiveActor = { id: string; name: string };

/** What a queue row and a ticket header need to follow a ticket live. */
export type LiveTicket = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  companyId: string | null;
  groupId: string | null;
  groupName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  lastCustomerMessageAt: string | null;
  lastAgentReplyAt: string | null;
  /** When merged into another ticket, that ticket's number. */
  mergedIntoNumber: number | null;
};

/**
 * Why a ticket changed: created, fields updated, a message or note was added, its SLA state
 * moved, an intervention was planned / moved / cancelled / reported.
 */
export type LiveTicketReason = "created" | "updated" | "message" | "sla" | "intervention";

/**
 * Field names in `changes`: status, priority, type, subject, tags, groupId, assigneeId (the
 * server normalises the domain's names), plus "message", "sla", "merged", "interventions".
 */
export type TicketChangedEvent = {
  seq: number;
  reason: LiveTicketReason;
  ticket: LiveTicket;
  changes: string[];
  actor: LiveActor | null;
  /** For reason "message": which kind of message, never its text. */
  message?: { id: string; visibility: "public" | "internal"; direction: "in" | "out" };
  /** For reason "sla": the state reached and the target concerned. */
  sla?: { state: "warning" | "breached"; target: string };
  /** For reason "intervention": what happened and for which technician. */
  intervention?: { change: string; technicianId: string };
  at: string;
};

/** Sent only to sockets viewing the ticket (its room), after the access check. */
export type TicketMessageEvent = {
  seq: number;
  ticketId: string;
  messageId: string;
  visibility: "public" | "internal";
  direction: "in" | "out";
  author: { kind: "agent" | "customer"; id: string | null; name: string };
  /** The start of the text, for the collision warning and the activity line. */
  preview: string;
  createdAt: string;
  /** The ticket's version after this message. */
  version: number;
};

/** The ticket is no longer visible to this user (moved to another group, reassigned). */
export type TicketGoneEvent = { seq: number; ticketId: string };

export type PresenceViewer = { userId: string; name: string; typing: boolean };
export type TicketPresenceEvent = { ticketId: string; viewers: PresenceViewer[] };

export type LiveNotification = {
  id: string;
  kind: string;
  ticketId: string | null;
  ticketNumber: number | null;
  subject: string;
  actorName: string | null;
  target: string | null;
  /** How many events this notification stands for (several customer messages). */
  count: number;
  /** For an intervention: planned | rescheduled | cancelled, and when it starts. */
  change: string | null;
  startsAt: string | null;
  /** For a sales activity reminder: the activity, its kind, and whether it is due "in the day" (no time). */
  activityId?: string | null;
  activityKind?: string | null;
  allDay?: boolean;
  /** For an automation rule's notice about a deal. */
  dealId?: string | null;
  /** For a deactivated webhook endpoint: which one (Administration › Webhooks). */
  webhookEndpointId?: string | null;
  /** For a knowledge-base article due for review (its title is the subject). */
  knowledgeArticleId?: string | null;
  createdAt: string;
  readAt: string | null;
};

/**
 * Sent on every connection (and again when an admin changes the user's groups): the server's
 * boot id and last sequence number (a different boot id after reconnecting means a restart),
 * and the user's groups (for the "my groups" queue view).
 */
export type HelloEvent = { bootId: string; seq: number; groupIds: string[] };

export type JoinTicketAck = { ok: true; viewers: PresenceViewer[] } | { ok: false; error: "not_found" };

export type ServerToClientEvents = {
  hello: (event: HelloEvent) => void;
  "ticket:changed": (event: TicketChangedEvent) => void;
  "ticket:message": (event: TicketMessageEvent) => void;
  "ticket:gone": (event: TicketGoneEvent) => void;
  "ticket:presence": (event: TicketPresenceEvent) => void;
  "notification:new": (event: { notification: LiveNotification; unread: number }) => void;
  "notification:count": (event: { unread: number }) => void;
  /** A campaign the page follows moved on (sent / failed of total): the progress bar. */
  "campaign:progress": (event: CampaignProgressEvent) => void;
  /** A campaign the page follows changed status or got engagement: reload its figures. */
  "campaign:changed": (event: { campaignId: string; reason: "saved" | "engagement" }) => void;
  /** An import the page follows recorded rows or changed status: the progress bar. */
  "import:progress": (event: ImportProgressEvent) => void;
};

/** An import the page follows moved on (rows recorded of total, counts, status): the progress bar. */
export type ImportProgressEvent = {
  jobId: string;
  status: string;
  totalRows: number;
  doneRows: number;
  counts: { created: number; updated: number; merged: number; skipped: number; rejected: number };
};
export type JoinImportAck = { ok: boolean };
export type CampaignProgressEvent = { campaignId: string; sent: number; failed: number; total: number };
export type JoinCampaignAck = { ok: boolean };

export type ClientToServerEvents = {
  "ticket:join": (ticketId: string, ack: (result: JoinTicketAck) => void) => void;
  "ticket:leave": (ticketId: string) => void;
  "ticket:typing": (event: { ticketId: string; typing: boolean }) => void;
  /** Follow a campaign's progress (staff who may read campaigns only). */
  "campaign:join": (campaignId: string, ack: (result: JoinCampaignAck) => void) => void;
  "campaign:leave": (campaignId: string) => void;
  /** Follow an import's progress (staff who may import only). */
  "import:join": (jobId: string, ack: (result: JoinImportAck) => void) => void;
  "import:leave": (jobId: string) => void;
};
