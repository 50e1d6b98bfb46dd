/**
 * What a rule's "then" would do to a ticket or deal as it is now: each action becomes a planned
 * step (a change from → to, nothing to change, or skipped with the reason), in the rule's order,
 * each seeing the steps before it (set the group, then notify that group). The dry run shows the
 * plan; the consumer and the scheduler carry out the same plan through the domain's commands, so
 * what the dry run says is what the rule does. Pure: everything it needs to know is given.
 */
import { renderCannedReply, type CannedReplyContext } from "~/domain/helpdesk/canned-replies";
import type { RuleSnapshot, TicketSnapshot } from "./conditions";
import type { Action } from "./rule-schemas";
import type { NotifyRecipient } from "./rule-vocabulary";

/** A staff member as the planner needs them: may they be assigned tickets, may they read this ticket or deal. */
export type StaffMember = { id: string; name: string; assignable: boolean; groupIds: readonly string[] };

/** The workspace's lists, read once per run (or per dry run). */
export type PlanLookups = {
  groups: ReadonlyMap<string, string>;
  /** Active staff, by id. */
  staff: ReadonlyMap<string, StaffMember>;
  cannedReplies: ReadonlyMap<string, { title: string; body: string }>;
  /** The webhook endpoints of Administration › Webhooks: their name (description, else URL) and whether they are on. */
  webhookEndpoints: ReadonlyMap<string, { name: string; active: boolean }>;
  /** The name a reply is signed with when the ticket has no assignee ({{agent.nom}}). */
  senderName: string;
  /** The record rules: whether a person may read the ticket in the state the plan leaves it, or the deal. */
  mayReadTicket(userId: string, ticket: { groupId: string | null; assigneeId: string | null }): boolean;
  mayReadDeal(userId: string, ownerId: string): boolean;
};

/** What is known of the record's requester for a reply: their names, whether mail can reach them, whether this rule already wrote to them today. */
export type RequesterFacts = {
  firstName: string;
  lastName: string;
  /** An address we may write to (not bounced, not a no-reply). */
  reachable: boolean;
  /** This rule already sent them an automatic mail today (one per rule, customer and day). */
  mailedToday: boolean;
};

export type SkipReason = "gone" | "not_assignable" | "placeholder" | "daily_limit" | "no_address" | "no_recipient" | "webhook_inactive";

/**
 * Skips that mean the rule itself needs fixing (what it names was deleted, or the webhook it calls
 * is switched off), as opposed to the record's situation (a placeholder, the daily limit…). A run
 * that does nothing else is then logged as failed, so the administrator sees it.
 */
export const brokenRuleReasons: ReadonlySet<SkipReason> = new Set(["gone", "webhook_inactive"]);

export type TicketField = "group" | "assignee" | "priority" | "type" | "status";

export type PlannedStep =
  | { type: "set_field"; field: TicketField; from: string | null; to: string | null; outcome: "apply" | "unchanged" | "skipped"; reason?: SkipReason }
  | { type: "add_tags" | "remove_tags"; tags: string[]; changed: string[]; outcome: "apply" | "unchanged" }
  | { type: "send_reply"; cannedReplyId: string; title: string; text: string; outcome: "apply" | "skipped"; reason?: SkipReason; leftovers?: string[] }
  | { type: "notify"; recipient: NotifyRecipient; userIds: string[]; outcome: "apply" | "skipped"; reason?: SkipReason }
  /** `name`: the endpoint's name when planned (the log keeps it if the endpoint is deleted later). */
  | { type: "call_webhook"; endpointId: string; name: string; outcome: "apply" | "skipped"; reason?: SkipReason };

/** The final field values to write (only those that differ from the record), from the planned steps. */
export type FieldChanges = Partial<{ status: string; priority: string; type: string; groupId: string | null; assigneeId: string | null; tags: string[] }>;

export type ActionPlan = {
  steps: PlannedStep[];
  fieldChanges: FieldChanges;
  /** True when at least one step does something. */
  acts: boolean;
};

type WorkingTicket = { status: string; priority: string; type: string; groupId: string | null; assigneeId: string | null; tags: string[] };

export function planActions(actions: readonly Action[], snapshot: RuleSnapshot, lookups: PlanLookups, requester: RequesterFacts | null): ActionPlan {
  const steps: PlannedStep[] = [];
  const ticket = snapshot.kind === "ticket" ? snapshot : null;
  const working: WorkingTicket | null = ticket
    ? { status: ticket.status, priority: ticket.priority, type: ticket.type, groupId: ticket.groupId, assigneeId: ticket.assigneeId, tags: [...ticket.tags] }
    : null;
  let mailed = requester?.mailedToday ?? false;

  for (const action of actions) {
    switch (action.type) {
      case "set_group":
      case "set_assignee":
      case "set_priority":
      case "set_type":
      case "set_status": {
        if (!working) break;
        steps.push(planField(action, working, lookups));
        break;
      }
      case "add_tags":
      case "remove_tags": {
        if (!working) break;
        const changed =
          action.type === "add_tags" ? action.tags.filter((tag) => !working.tags.includes(tag)) : action.tags.filter((tag) => working.tags.includes(tag));
        working.tags = action.type === "add_tags" ? [...working.tags, ...changed] : working.tags.filter((tag) => !changed.includes(tag));
        steps.push({ type: action.type, tags: action.tags, changed, outcome: changed.length > 0 ? "apply" : "unchanged" });
        break;
      }
      case "send_reply": {
        if (!ticket || !working) break;
        const reply = lookups.cannedReplies.get(action.cannedReplyId);
        const skipped = (reason: SkipReason, extra: Partial<Extract<PlannedStep, { type: "send_reply" }>> = {}) =>
          steps.push({ type: "send_reply", cannedReplyId: action.cannedReplyId, title: reply?.title ?? "", text: "", outcome: "skipped", reason, ...extra });
        if (!reply) {
          skipped("gone");
          break;
        }
        const rendered = renderCannedReply(reply.body, replyContext(ticket, working, requester, lookups));
        if (rendered.missing.length > 0 || rendered.unknown.length > 0) {
          skipped("placeholder", { leftovers: [...rendered.missing.map((name) => `{{${name}}}`), ...rendered.unknown] });
          break;
        }
        if (!requester?.reachable) {
          skipped("no_address");
          break;
        }
        if (mailed) {
          skipped("daily_limit");
          break;
        }
        mailed = true;
        steps.push({ type: "send_reply", cannedReplyId: action.cannedReplyId, title: reply.title, text: rendered.text, outcome: "apply" });
        break;
      }
      case "call_webhook": {
        const endpoint = lookups.webhookEndpoints.get(action.endpointId);
        if (!endpoint) steps.push({ type: "call_webhook", endpointId: action.endpointId, name: "", outcome: "skipped", reason: "gone" });
        else if (!endpoint.active) steps.push({ type: "call_webhook", endpointId: action.endpointId, name: endpoint.name, outcome: "skipped", reason: "webhook_inactive" });
        else steps.push({ type: "call_webhook", endpointId: action.endpointId, name: endpoint.name, outcome: "apply" });
        break;
      }
      case "notify": {
        const userIds = notifyTargets(action, snapshot, working, lookups);
        steps.push(
          userIds.length > 0
            ? { type: "notify", recipient: action.recipient, userIds, outcome: "apply" }
            : { type: "notify", recipient: action.recipient, userIds, outcome: "skipped", reason: "no_recipient" },
        );
        break;
      }
    }
  }

  const fieldChanges: FieldChanges = {};
  if (ticket && working) {
    if (working.status !== ticket.status) fieldChanges.status = working.status;
    if (working.priority !== ticket.priority) fieldChanges.priority = working.priority;
    if (working.type !== ticket.type) fieldChanges.type = working.type;
    if (working.groupId !== ticket.groupId) fieldChanges.groupId = working.groupId;
    if (working.assigneeId !== ticket.assigneeId) fieldChanges.assigneeId = working.assigneeId;
    if ([...working.tags].sort().join(",") !== [...ticket.tags].sort().join(",")) fieldChanges.tags = [...working.tags].sort();
  }
  return { steps, fieldChanges, acts: steps.some((step) => step.outcome === "apply") };
}

function planField(action: Extract<Action, { type: "set_group" | "set_assignee" | "set_priority" | "set_type" | "set_status" }>, working: WorkingTicket, lookups: PlanLookups): PlannedStep {
  const step = (field: TicketField, from: string | null, to: string | null, reason?: SkipReason): PlannedStep =>
    reason ? { type: "set_field", field, from, to, outcome: "skipped", reason } : { type: "set_field", field, from, to, outcome: from === to ? "unchanged" : "apply" };
  switch (action.type) {
    case "set_group": {
      const from = working.groupId;
      if (action.groupId !== null && !lookups.groups.has(action.groupId)) return step("group", from, action.groupId, "gone");
      working.groupId = action.groupId;
      return step("group", from, action.groupId);
    }
    case "set_assignee": {
      const from = working.assigneeId;
      if (action.userId !== null) {
        const member = lookups.staff.get(action.userId);
        if (!member) return step("assignee", from, action.userId, "gone");
        if (!member.assignable) return step("assignee", from, action.userId, "not_assignable");
      }
      working.assigneeId = action.userId;
      // Assigning a new ticket opens it (the ticket command does the same).
      if (action.userId !== null && from !== action.userId && working.status === "new") working.status = "open";
      return step("assignee", from, action.userId);
    }
    case "set_priority": {
      const from = working.priority;
      working.priority = action.priority;
      return step("priority", from, action.priority);
    }
    case "set_type": {
      const from = working.type;
      working.type = action.ticketType;
      return step("type", from, action.ticketType);
    }
    case "set_status": {
      const from = working.status;
      working.status = action.status;
      return step("status", from, action.status);
    }
  }
}

function replyContext(ticket: TicketSnapshot, working: WorkingTicket, requester: RequesterFacts | null, lookups: PlanLookups): CannedReplyContext {
  const assignee = working.assigneeId ? lookups.staff.get(working.assigneeId) : undefined;
  return {
    "client.prenom": requester?.firstName,
    "client.nom": requester?.lastName,
    "ticket.numero": ticket.number,
    "ticket.sujet": ticket.subject,
    "agent.nom": assignee?.name ?? lookups.senderName,
    "societe.nom": ticket.company?.name,
  };
}

/** Who a notify action reaches, among active staff allowed to read the record (its state after the earlier steps). */
function notifyTargets(action: Extract<Action, { type: "notify" }>, snapshot: RuleSnapshot, working: WorkingTicket | null, lookups: PlanLookups): string[] {
  let candidates: string[] = [];
  switch (action.recipient) {
    case "assignee":
      candidates = working?.assigneeId ? [working.assigneeId] : [];
      break;
    case "group":
      candidates = working?.groupId ? [...lookups.staff.values()].filter((member) => member.groupIds.includes(working.groupId!)).map((member) => member.id) : [];
      break;
    case "user":
      candidates = action.userId ? [action.userId] : [];
      break;
    case "deal_owner":
      candidates = snapshot.kind === "deal" ? [snapshot.ownerId] : [];
      break;
  }
  return [...new Set(candidates)]
    .filter((userId) => lookups.staff.has(userId))
    .filter((userId) =>
      snapshot.kind === "deal" ? lookups.mayReadDeal(userId, snapshot.ownerId) : lookups.mayReadTicket(userId, { groupId: working?.groupId ?? null, assigneeId: working?.assigneeId ?? null }),
    )
    .sort();
}
