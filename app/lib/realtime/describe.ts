import type { Formatters, Translate } from "~/lib/i18n/translate";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { LiveNotification, TicketChangedEvent, TicketMessageEvent } from "./protocol";

/**
 * Sentences for what colleagues did, shown on the ticket page as it happens
 * ("Julien Moreau a passé le ticket en Résolu").
 */
export function describeTicketChange(event: TicketChangedEvent, t: Translate): string[] {
  const actor = event.actor?.name ?? null;
  const who = actor ?? t("realtime.activity.someone");
  const { ticket } = event;
  if (event.reason === "sla" && event.sla) {
    const target = targetLabel(event.sla.target, t);
    return [t(event.sla.state === "warning" ? "realtime.activity.slaWarning" : "realtime.activity.slaBreached", { target })];
  }
  if (event.reason === "intervention" && event.intervention) {
    const change = event.intervention.change;
    if (change === "planned" || change === "rescheduled" || change === "cancelled" || change === "reported") {
      return [t(`realtime.activity.intervention.${change}`, { actor: who })];
    }
    return [];
  }
  if (event.reason !== "updated") return [];
  const lines: string[] = [];
  // A merge closes the source ticket: the merge line says it all.
  const changes = event.changes.includes("merged") && ticket.mergedIntoNumber ? event.changes.filter((change) => change !== "status") : event.changes;
  for (const change of changes) {
    switch (change) {
      case "status": {
        const status = t(`ticket.status.${ticket.status}` as MessageKey);
        lines.push(actor ? t("realtime.activity.status", { actor, status }) : t("realtime.activity.statusAuto", { status }));
        break;
      }
      case "assigneeId":
        if (!ticket.assigneeId) lines.push(t("realtime.activity.unassigned", { actor: who }));
        else if (event.actor && ticket.assigneeId === event.actor.id) lines.push(t("realtime.activity.assignedSelf", { actor: event.actor.name }));
        else if (actor) lines.push(t("realtime.activity.assigned", { actor, assignee: ticket.assigneeName ?? "" }));
        else lines.push(t("realtime.activity.assignedAuto", { assignee: ticket.assigneeName ?? "" }));
        break;
      case "priority":
        lines.push(t("realtime.activity.priority", { actor: who, priority: t(`ticket.priority.${ticket.priority}` as MessageKey) }));
        break;
      case "type":
        lines.push(t("realtime.activity.type", { actor: who, type: t(`ticket.type.${ticket.type}` as MessageKey) }));
        break;
      case "groupId":
        lines.push(ticket.groupName ? t("realtime.activity.group", { actor: who, group: ticket.groupName }) : t("realtime.activity.groupNone", { actor: who }));
        break;
      case "subject":
        lines.push(t("realtime.activity.subject", { actor: who }));
        break;
      case "tags":
        lines.push(t("realtime.activity.tags", { actor: who }));
        break;
      case "merged":
        lines.push(
          ticket.mergedIntoNumber
            ? t("realtime.activity.mergedInto", { actor: who, number: ticket.mergedIntoNumber })
            : t("realtime.activity.mergedFrom", { actor: who }),
        );
        break;
    }
  }
  return lines;
}

export function describeMessage(event: Pick<TicketMessageEvent, "author" | "visibility">, t: Translate): string {
  if (event.author.kind === "customer") return t("realtime.activity.customerReply", { customer: event.author.name || t("realtime.activity.customer") });
  return t(event.visibility === "internal" ? "realtime.activity.note" : "realtime.activity.reply", { actor: event.author.name });
}

function targetLabel(target: string | null | undefined, t: Translate): string {
  if (target === "first_response" || target === "resolution") return t(`realtime.notifications.target.${target}`);
  return "";
}

/** The sentence of a notification in the bell and the list. */
export function notificationText(notification: LiveNotification, t: Translate, format: Pick<Formatters, "dateTime" | "date">): string {
  const number = notification.ticketNumber ?? "";
  switch (notification.kind) {
    case "assigned":
      return notification.actorName
        ? t("realtime.notifications.kind.assigned", { actor: notification.actorName, number })
        : t("realtime.notifications.kind.assignedNoActor", { number });
    case "customer_replied":
      return notification.count > 1
        ? t("realtime.notifications.kind.customer_repliedMany", { count: notification.count, number })
        : t("realtime.notifications.kind.customer_replied", { customer: notification.actorName ?? t("realtime.activity.customer"), number });
    case "sla_warning":
    case "sla_breached":
      return t(`realtime.notifications.kind.${notification.kind}`, { number, target: targetLabel(notification.target, t) });
    case "intervention": {
      const change = notification.change === "rescheduled" || notification.change === "cancelled" ? notification.change : "planned";
      return t(`realtime.notifications.kind.intervention.${change}`, {
        actor: notification.actorName ?? t("realtime.activity.someone"),
        number,
        date: notification.startsAt ? format.dateTime(notification.startsAt) : "",
      });
    }
    case "activity_reminder": {
      const kind = notification.activityKind;
      const key = kind === "appointment" || kind === "call" || kind === "email" ? kind : "task";
      const when = notification.startsAt ? (notification.allDay ? format.date(notification.startsAt) : format.dateTime(notification.startsAt)) : "";
      return t(`sales.reminder.${key}`, { date: when });
    }
    case "automation":
      return notification.ticketNumber
        ? t("automations.notification.ticket", { rule: notification.actorName ?? "", number })
        : t("automations.notification.deal", { rule: notification.actorName ?? "" });
    case "webhook_disabled":
      return t("webhooks.notification.disabled");
    case "knowledge_review":
      return t("knowledge.notification.review", { title: notification.subject });
    default:
      return t("realtime.notifications.kind.other", { number });
  }
}
