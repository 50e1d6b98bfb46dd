import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { db } from "~/lib/db.server";
import { createActivityInTransaction } from "./activity-records.server";
import type { ActivityForm } from "./activity-schemas";
import { activityInstants } from "./activity-time";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";
import { checkSalesLinks, resolveSalesOwner } from "./sales-links.server";

/**
 * What a person does to their activities: log or plan one, change it, mark it done or reopen
 * it, delete it. Every command reads the activity through the sales record rule (a rep their
 * own, managers all), checks the version the form carried (optimistic locking), writes in one
 * transaction and announces "activity.saved" after the commit.
 */

/** Someone saved the activity since the form was loaded: nothing was written. */
export class ActivityConflictError extends DomainError {
  constructor() {
    super("sales.activity.conflict");
    this.name = "ActivityConflictError";
  }
}

/** The activity does not exist or is outside the viewer's record rule (the route answers 404). */
export class ActivityNotFoundError extends Error {
  constructor() {
    super("Activity not found");
    this.name = "ActivityNotFoundError";
  }
}

async function activityToChange(viewer: SalesViewer, activityId: string) {
  const owned = ownedRecordsWhere(viewer, "update");
  if (owned === null) throw new ActivityNotFoundError();
  const activity = await db().activity.findFirst({
    where: { id: activityId, ...owned },
    select: { id: true, kind: true, ownerId: true, startsAt: true, endsAt: true, doneAt: true, dealId: true, ticketId: true, version: true },
  });
  if (!activity) throw new ActivityNotFoundError();
  return activity;
}

/** Logs a call or e-mail, plans an appointment, adds a task. */
export async function createActivity(input: { viewer: SalesViewer; form: ActivityForm; now?: Date }): Promise<{ activityId: string }> {
  const { viewer, form } = input;
  if (ownedRecordsWhere(viewer, "create") === null) throw new DomainError("sales.activity.notAllowed");
  const ownerId = await resolveSalesOwner(viewer, form.ownerId);
  const links = await checkSalesLinks(viewer, form);
  const { startsAt, endsAt } = activityInstants(form);
  return transactionWithEvents(async (tx, events) => {
    const created = await createActivityInTransaction(tx, {
      kind: form.kind,
      subject: form.subject,
      notes: form.notes,
      ownerId,
      startsAt,
      endsAt,
      mode: form.kind === "appointment" ? (form.mode as "onsite" | "remote" | null) : null,
      location: form.kind === "appointment" ? form.location : "",
      doneAt: form.done ? (input.now ?? new Date()) : null,
      ...links,
      createdById: viewer.id,
    });
    events.record("activity.saved", { activityId: created.activityId, ownerId, actorId: viewer.id, change: "created" });
    return created;
  });
}

/**
 * Changes an activity's subject, time, place, owner or links, on the version the form loaded.
 * Its kind stays. A moved activity is reminded again at its new time.
 */
export async function updateActivity(input: { viewer: SalesViewer; activityId: string; form: ActivityForm; version: number }): Promise<void> {
  const { viewer, form } = input;
  const current = await activityToChange(viewer, input.activityId);
  if (form.kind !== current.kind) throw new DomainError("sales.activity.kindFixed", "kind");
  const ownerId = await resolveSalesOwner(viewer, form.ownerId, current.ownerId);
  const links = await checkSalesLinks(viewer, form, { dealId: current.dealId, ticketId: current.ticketId });
  const { startsAt, endsAt } = activityInstants(form);
  const moved = startsAt.getTime() !== current.startsAt.getTime() || (endsAt?.getTime() ?? null) !== (current.endsAt?.getTime() ?? null);
  await transactionWithEvents(async (tx, events) => {
    const { count } = await tx.activity.updateMany({
      where: { id: current.id, version: input.version },
      data: {
        subject: form.subject,
        notes: form.notes,
        ownerId,
        startsAt,
        endsAt,
        mode: form.kind === "appointment" ? form.mode : null,
        location: form.kind === "appointment" ? form.location : "",
        ...links,
        ...(moved || ownerId !== current.ownerId ? { remindedAt: null } : {}),
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new ActivityConflictError();
    events.record("activity.saved", { activityId: current.id, ownerId, actorId: viewer.id, change: "updated" });
  });
}

/** Marks an activity done, or reopens it. Asking for the state it already has changes nothing. */
export async function setActivityDone(input: { viewer: SalesViewer; activityId: string; done: boolean; version: number; now?: Date }): Promise<{ changed: boolean }> {
  const current = await activityToChange(input.viewer, input.activityId);
  if (Boolean(current.doneAt) === input.done) return { changed: false };
  await transactionWithEvents(async (tx, events) => {
    const { count } = await tx.activity.updateMany({
      where: { id: current.id, version: input.version },
      data: { doneAt: input.done ? (input.now ?? new Date()) : null, version: { increment: 1 } },
    });
    if (count === 0) throw new ActivityConflictError();
    events.record("activity.saved", { activityId: current.id, ownerId: current.ownerId, actorId: input.viewer.id, change: input.done ? "done" : "reopened" });
  });
  return { changed: true };
}

/**
 * Deletes an activity (its owner, or a manager). A visit report written about it stays, without
 * the link; a next step made into this task can be made into a task again; its reminders go.
 */
export async function deleteActivity(input: { viewer: SalesViewer; activityId: string; version: number }): Promise<void> {
  const current = await activityToChange(input.viewer, input.activityId);
  await transactionWithEvents(async (tx, events) => {
    const { count } = await tx.activity.deleteMany({ where: { id: current.id, version: input.version } });
    if (count === 0) throw new ActivityConflictError();
    events.record("activity.saved", { activityId: current.id, ownerId: current.ownerId, actorId: input.viewer.id, change: "deleted" });
  });
}
