import crypto from "node:crypto";
import * as ics from "ics";
import { addDays, toZoned, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { isLocale } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";
import { derivedKey, openSecret, SecretUnreadableError, sealSecret } from "~/lib/secret-box.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { isAllDay } from "./activity-time";
import { contactName } from "./activity-queries.server";

/**
 * A person's agenda as an iCalendar feed, for Outlook, Google Calendar or a phone: a secret
 * address per person (a random token: only its SHA-256 is looked up; the token is also kept
 * sealed with the workspace key so the person can copy the address again). Regenerating the
 * address replaces the token, so the old address stops working at once; removing it ends the
 * subscription.
 *
 * What the feed holds, from 30 days back to 12 months ahead:
 * - the person's appointments, as timed events (UTC) with a stable UID (activity id @ host),
 *   SEQUENCE = the activity's version and LAST-MODIFIED = its last change, so a moved appointment
 *   moves in the subscribed calendar;
 * - their to-dos not done yet (tasks, calls, e-mails to make), as all-day events on their due day
 *   (the due time, if any, in the title), free rather than busy: a to-do does not block the day,
 *   and once done it leaves the feed.
 */

const DAY = 24 * 60 * 60 * 1000;
const PAST_DAYS = 30;
const FUTURE_DAYS = 366;

/** Feed requests per client address and window: calendars poll far less often, a whole office behind one address included. */
export const CALENDAR_FEED_RATE_LIMIT = { requests: 120, windowMs: 15 * 60 * 1000 };

const tokenKey = () => derivedKey("calendar-feed-v1");
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const newToken = () => crypto.randomBytes(32).toString("base64url");

/** The address a calendar subscribes to. */
export function calendarFeedUrl(token: string, publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, "")}/agenda/${token}.ics`;
}

/** Who may have a feed: people whose agenda it is (they may own sales records). */
export function mayHaveCalendarFeed(user: { role: string; restrictToGroups: boolean }): boolean {
  return can(user, "create:deal");
}

export type CalendarFeedState = {
  /** The address to copy; null when it can no longer be read (the workspace key changed): regenerate it. */
  url: string | null;
  createdAt: Date;
  lastFetchedAt: Date | null;
};

/** The person's feed, to show its address again; null when they have none. */
export async function calendarFeedOf(userId: string, publicUrl: string): Promise<CalendarFeedState | null> {
  const feed = await db().calendarFeed.findUnique({ where: { userId }, select: { tokenEncrypted: true, createdAt: true, lastFetchedAt: true } });
  if (!feed) return null;
  let url: string | null = null;
  try {
    url = calendarFeedUrl(openSecret(feed.tokenEncrypted, tokenKey()), publicUrl);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
  }
  return { url, createdAt: feed.createdAt, lastFetchedAt: feed.lastFetchedAt };
}

/** Creates the person's feed address (keeps the existing one if they already have it). */
export async function createCalendarFeed(userId: string): Promise<void> {
  const token = newToken();
  await db().calendarFeed.upsert({
    where: { userId },
    create: { userId, tokenHash: hashToken(token), tokenEncrypted: sealSecret(token, tokenKey()) },
    update: {},
  });
}

/** A new address; the old one answers 404 from now on. */
export async function regenerateCalendarFeed(userId: string): Promise<void> {
  const token = newToken();
  const sealed = { tokenHash: hashToken(token), tokenEncrypted: sealSecret(token, tokenKey()) };
  await db().calendarFeed.upsert({
    where: { userId },
    create: { userId, ...sealed },
    update: { ...sealed, createdAt: new Date(), lastFetchedAt: null },
  });
}

export async function deleteCalendarFeed(userId: string): Promise<void> {
  await db().calendarFeed.deleteMany({ where: { userId } });
}

/** The person a feed token belongs to, if the token is current and they may still have a feed. */
export async function calendarFeedOwner(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const feed = await db().calendarFeed.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, lastFetchedAt: true, user: { select: { id: true, name: true, role: true, restrictToGroups: true, active: true, locale: true } } },
  });
  if (!feed?.user.active || !mayHaveCalendarFeed(feed.user)) return null;
  // "Last used" for the person's settings; a calendar polling every few minutes writes once a minute at most.
  if (!feed.lastFetchedAt || now.getTime() - feed.lastFetchedAt.getTime() > 60_000) {
    await db().calendarFeed.update({ where: { id: feed.id }, data: { lastFetchedAt: now } });
  }
  return feed.user;
}

const dateArray = (date: LocalDate): ics.DateArray => [date.year, date.month, date.day];

/** The person's iCalendar text at `now`. */
export async function buildCalendarFeed(owner: { id: string; name: string; locale: string }, options: { now: Date; publicUrl: string }): Promise<string> {
  const t = translator(isLocale(owner.locale) ? owner.locale : "fr");
  const publicUrl = options.publicUrl.replace(/\/$/, "");
  const host = new URL(publicUrl).hostname;
  const from = new Date(options.now.getTime() - PAST_DAYS * DAY);
  const to = new Date(options.now.getTime() + FUTURE_DAYS * DAY);
  const activities = await db().activity.findMany({
    where: {
      ownerId: owner.id,
      startsAt: { gte: from, lt: to },
      OR: [{ kind: "appointment" }, { doneAt: null }],
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 5000,
    select: {
      id: true,
      kind: true,
      subject: true,
      notes: true,
      startsAt: true,
      endsAt: true,
      mode: true,
      location: true,
      doneAt: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      company: { select: { name: true } },
      contact: { select: { firstName: true, lastName: true, phone: true } },
    },
  });

  const events: ics.EventAttributes[] = activities.map((activity) => {
    const link = `${publicUrl}/ventes/activites/${activity.id}`;
    const who = [activity.company?.name, activity.contact ? [contactName(activity.contact), activity.contact.phone].filter(Boolean).join(" · ") : null].filter(Boolean).join(" — ");
    const description = [who, activity.notes, `${t("sales.feed.open")} ${link}`].filter(Boolean).join("\n\n");
    const common = {
      uid: `${activity.id}@${host}`,
      description,
      url: link,
      sequence: activity.version,
      created: activity.createdAt.getTime(),
      lastModified: activity.updatedAt.getTime(),
    };
    if (activity.kind === "appointment") {
      const mode = activity.mode === "remote" ? t("sales.activity.mode.remote") : activity.mode === "onsite" ? t("sales.activity.mode.onsite") : null;
      return {
        ...common,
        title: activity.subject,
        start: activity.startsAt.getTime(),
        startInputType: "utc",
        startOutputType: "utc",
        end: (activity.endsAt ?? new Date(activity.startsAt.getTime() + 60 * 60 * 1000)).getTime(),
        endInputType: "utc",
        endOutputType: "utc",
        location: activity.location || (mode ?? ""),
        status: "CONFIRMED",
        busyStatus: "BUSY",
        categories: mode ? [mode] : undefined,
      };
    }
    const local = toZoned(activity.startsAt, WORKSPACE_TIME_ZONE);
    const time = isAllDay(activity) ? "" : ` (${String(Math.floor(local.minutes / 60)).padStart(2, "0")}:${String(local.minutes % 60).padStart(2, "0")})`;
    const kind = activity.kind === "call" || activity.kind === "email" ? activity.kind : "task";
    return {
      ...common,
      title: t("sales.feed.todoTitle", { kind: t(`sales.feed.todo.${kind}`), time, subject: activity.subject }),
      start: dateArray(local.date),
      end: dateArray(addDays(local.date, 1)),
      busyStatus: "FREE",
      transp: "TRANSPARENT",
    };
  });

  const calendar = ics.createEvents(events, { productId: "-//Comptoir//Agenda commercial//FR", calName: t("sales.feed.calendarName", { name: owner.name }) });
  if (calendar.error || calendar.value === null) throw calendar.error ?? new Error("The calendar could not be written");
  return calendar.value;
}
