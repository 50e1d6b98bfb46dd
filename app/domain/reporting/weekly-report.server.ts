import { queueEmailInTransaction } from "~/domain/channels/email/outbox.server";
import { wakeOutboxSender } from "~/domain/channels/email/outbox-wake.server";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { recordAudit } from "~/domain/identity/audit.server";
import { can } from "~/domain/identity/permissions";
import { weeklyReportEmail } from "~/emails/weekly-report.mjml";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { renderEmail, type RenderedEmail } from "~/lib/mail/render.server";
import { signToken, verifyToken } from "~/lib/signed-tokens.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { loadDashboard, reportContext } from "./dashboard.server";
import { periodToParams, type ReportPeriod } from "./report-period";
import type { SectionData } from "./report-section";
import { dueWeeklyReport } from "./weekly-report-schedule";

/**
 * The Monday report (docs/reporting.md, "Rapport du lundi"): a user who may read the dashboard
 * subscribes in their account page and receives, every Monday from 07:30 (workspace time), the
 * dashboard's figures of the week that ended — exactly `loadDashboard` for that week, as the page
 * shows them to that user — by mail through the outbox. Each report is sent once per user and
 * week: its sent-marker (WeeklyReportDelivery, unique per user and ISO week) is written in the
 * transaction that queues the mail, so a restart, a second worker or a retried scan never sends
 * it twice.
 */

export const WEEKLY_REPORT_MAIL_KIND = "weekly_report";

type Subscriber = { id: string; name: string; email: string; role: string; locale: string; restrictToGroups: boolean; active: boolean };

export async function isSubscribedToWeeklyReport(userId: string): Promise<boolean> {
  return (await db().weeklyReportSubscription.count({ where: { userId } })) > 0;
}

/** Subscribes a user who may read the dashboard; subscribing twice changes nothing. */
export async function subscribeToWeeklyReport(user: { id: string; role: string; restrictToGroups: boolean }, now = new Date()): Promise<void> {
  if (!can(user, "read:report")) throw new Error("weekly report: the user may not read the dashboard");
  await db().$transaction(async (tx) => {
    const existing = await tx.weeklyReportSubscription.findUnique({ where: { userId: user.id }, select: { userId: true } });
    if (existing) return;
    await tx.weeklyReportSubscription.create({ data: { userId: user.id, createdAt: now } });
    await recordAudit(tx, { actorId: user.id, action: "weekly_report.subscribed", entityType: "user", entityId: user.id });
  });
}

export async function unsubscribeFromWeeklyReport(userId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.weeklyReportSubscription.deleteMany({ where: { userId } });
    if (count > 0) await recordAudit(tx, { actorId: userId, action: "weekly_report.unsubscribed", entityType: "user", entityId: userId });
  });
}

const UNSUBSCRIBE_PURPOSE = "weekly-report-unsubscribe";

/** The address of the mail's one-click unsubscribe link (signed: it names the user, needs no sign-in). */
export function weeklyReportUnsubscribeUrl(userId: string): string {
  return `${env().PUBLIC_URL.replace(/\/$/, "")}/rapport-du-lundi/desabonnement/${signToken(UNSUBSCRIBE_PURPOSE, { u: userId })}`;
}

/** The user a signed unsubscribe link names, or null when it is forged. */
export function readWeeklyReportUnsubscribeToken(token: string): string | null {
  const payload = verifyToken<{ u?: unknown }>(UNSUBSCRIBE_PURPOSE, token);
  return payload && typeof payload.u === "string" ? payload.u : null;
}

/** The dashboard of a week for one user, as the page would show it to them. */
export async function weeklyReportSections(user: { id: string; role: string; restrictToGroups: boolean }, period: ReportPeriod, now: Date): Promise<SectionData[]> {
  return loadDashboard(reportContext({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups }, period, now));
}

/** The mail of a week's report (null when no section has a figure for this user: nothing is sent). */
export function renderWeeklyReport(user: Pick<Subscriber, "id" | "name" | "locale">, period: ReportPeriod, sections: SectionData[]): RenderedEmail | null {
  if (!sections.some((section) => section.figures.length > 0)) return null;
  const publicUrl = env().PUBLIC_URL.replace(/\/$/, "");
  const search = periodToParams({ kind: "custom", first: period.first, last: period.last });
  return renderEmail(
    weeklyReportEmail,
    {
      name: user.name,
      first: isoDate(period.first),
      last: isoDate(period.last),
      sections,
      dashboardUrl: `${publicUrl}/tableau-de-bord?${search.toString()}`,
      unsubscribeUrl: weeklyReportUnsubscribeUrl(user.id),
    },
    user.locale,
  );
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export type WeeklyReportOutcome = { userId: string; isoWeek: string; sent: boolean };

/**
 * Sends the report due at `now` (the last Monday 07:30 at or before it) to every subscriber who
 * has not had it, subscribed before it was due, is active and may still read the dashboard.
 * Returns what it did; a report already marked by another scan is skipped.
 */
export async function sendDueWeeklyReports(now = new Date(), timeZone = WORKSPACE_TIME_ZONE): Promise<WeeklyReportOutcome[]> {
  const due = dueWeeklyReport(now, timeZone);
  const subscriptions = await db().weeklyReportSubscription.findMany({
    where: { createdAt: { lte: due.dueAt }, user: { active: true } },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { id: true, name: true, email: true, role: true, locale: true, restrictToGroups: true, active: true } } },
  });
  if (subscriptions.length === 0) return [];
  const done = new Set(
    (await db().weeklyReportDelivery.findMany({ where: { isoWeek: due.isoWeek, userId: { in: subscriptions.map((row) => row.user.id) } }, select: { userId: true } })).map(
      (row) => row.userId,
    ),
  );
  const outcomes: WeeklyReportOutcome[] = [];
  for (const { user } of subscriptions) {
    if (done.has(user.id) || !can(user, "read:report")) continue;
    const email = renderWeeklyReport(user, due.period, await weeklyReportSections(user, due.period, now));
    try {
      await db().$transaction(async (tx) => {
        const queued = email
          ? await queueEmailInTransaction(tx, {
              kind: WEEKLY_REPORT_MAIL_KIND,
              to: user.email,
              email,
              automatic: "auto-generated",
              // One-click unsubscribe from the mail client (RFC 8058).
              headers: { "List-Unsubscribe": `<${weeklyReportUnsubscribeUrl(user.id)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
            })
          : null;
        // The marker commits with the mail or not at all: a second writer fails here and its mail rolls back.
        await tx.weeklyReportDelivery.create({ data: { userId: user.id, isoWeek: due.isoWeek, outboundEmailId: queued?.outboundEmailId ?? null } });
      });
      outcomes.push({ userId: user.id, isoWeek: due.isoWeek, sent: email !== null });
    } catch (error) {
      if (isUniqueViolation(error)) continue;
      throw error;
    }
  }
  if (outcomes.some((outcome) => outcome.sent)) wakeOutboxSender();
  return outcomes;
}
