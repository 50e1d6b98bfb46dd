import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { can, type PermissionSubject } from "~/domain/identity/permissions";
import { insertCampaignRecipients } from "~/lib/sqlite-campaign-audience.server";
import type { TransactionClient } from "~/lib/db.server";
import { campaignAudience } from "./campaign-audience.server";
import { trackedLinks } from "./campaign-content";
import { renderCampaignMjml } from "./campaign-render.server";
import type { CampaignForm } from "./campaign-schemas";
import { isEditable, nextStatus, statusesAllowing, type CampaignTransition } from "./campaign-status";

/**
 * Writing campaigns: drafts saved with optimistic locking (`version`), the launch (a
 * compare-and-set on the status, so a double click or two tabs launch once), scheduling, pause,
 * resume, cancel. Every command is audited and announced (`campaign.saved`).
 */

export type CampaignActor = PermissionSubject & { id: string };

export class CampaignConflictError extends DomainError {
  constructor(readonly currentVersion: number) {
    super("validation.staleRecord");
  }
}

function assertMayWrite(actor: CampaignActor) {
  if (!can(actor, "update:campaign")) throw new DomainError("errors.forbiddenText");
}

function campaignFields(input: CampaignForm, generatedText: string | null) {
  return {
    name: input.name,
    fromName: input.fromName,
    fromAddress: input.fromAddress,
    replyTo: input.replyTo,
    subject: input.subject,
    preheader: input.preheader,
    language: input.language,
    mjml: input.mjml,
    // The text part follows the MJML until the marketer edits it.
    text: input.textEdited ? input.text : (generatedText ?? input.text),
    textEdited: input.textEdited,
    excludeOpenIncidents: input.excludeOpenIncidents,
    ratePerMinute: input.ratePerMinute,
    costCents: input.cost,
    attributionDays: input.attributionDays,
  };
}

async function assertSegments(tx: TransactionClient, segmentIds: string[]) {
  if (segmentIds.length === 0) return;
  const found = await tx.segment.count({ where: { id: { in: segmentIds }, archivedAt: null } });
  if (found !== new Set(segmentIds).size) throw new DomainError("campaign.validation.segmentNotFound", "segmentIds");
}

function generatedTextOf(mjml: string): string | null {
  const rendering = renderCampaignMjml(mjml);
  return rendering.ok ? rendering.text : null;
}

export async function createCampaign(actor: CampaignActor, input: CampaignForm): Promise<{ id: string }> {
  if (!can(actor, "create:campaign")) throw new DomainError("errors.forbiddenText");
  return transactionWithEvents(async (tx, events) => {
    await assertSegments(tx, input.segmentIds);
    const created = await tx.campaign.create({
      data: { ...campaignFields(input, generatedTextOf(input.mjml)), createdById: actor.id, segments: { create: [...new Set(input.segmentIds)].map((segmentId) => ({ segmentId })) } },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "campaign.created", entityType: "campaign", entityId: created.id, details: { name: input.name } });
    events.record("campaign.saved", { campaignId: created.id, actorId: actor.id, change: "created" });
    return created;
  });
}

/** Saves the editor over a draft or scheduled campaign, if nobody saved it since it was loaded. */
export async function updateCampaign(actor: CampaignActor, campaignId: string, input: CampaignForm): Promise<void> {
  assertMayWrite(actor);
  await transactionWithEvents(async (tx, events) => {
    const before = await tx.campaign.findUnique({ where: { id: campaignId }, select: { status: true, version: true } });
    if (!before) throw new DomainError("errors.notFound");
    if (!isEditable(before.status)) throw new DomainError("campaign.error.notEditable");
    if (before.version !== input.version) throw new CampaignConflictError(before.version);
    await assertSegments(tx, input.segmentIds);
    const updated = await tx.campaign.updateMany({
      where: { id: campaignId, version: input.version, status: { in: ["draft", "scheduled"] } },
      data: { ...campaignFields(input, generatedTextOf(input.mjml)), version: { increment: 1 } },
    });
    if (updated.count === 0) throw new CampaignConflictError(before.version);
    await tx.campaignSegment.deleteMany({ where: { campaignId } });
    if (input.segmentIds.length > 0) await tx.campaignSegment.createMany({ data: [...new Set(input.segmentIds)].map((segmentId) => ({ campaignId, segmentId })) });
    await recordAudit(tx, { actorId: actor.id, action: "campaign.updated", entityType: "campaign", entityId: campaignId, details: { version: input.version + 1 } });
    events.record("campaign.saved", { campaignId, actorId: actor.id, change: "updated" });
  });
}

/** Throws the first reason a campaign may not be sent (test send or launch): no subject, broken MJML... */
export function assertSendable(campaign: { subject: string; mjml: string }) {
  if (!campaign.subject.trim()) throw new DomainError("campaign.error.noSubject", "subject");
  const rendering = renderCampaignMjml(campaign.mjml);
  if (!rendering.ok) throw new DomainError("campaign.error.mjmlInvalid", "mjml");
  return rendering;
}

export type LaunchResult = { launched: true; recipients: number } | { launched: false; reason: "already" };

/**
 * Sends the campaign now: in ONE transaction, the status moves draft/scheduled → sending only if
 * it still is draft/scheduled (compare-and-set: the second of two concurrent launches changes
 * nothing), the MJML is rendered once, its links numbered, and every recipient row written
 * (queued, or excluded with its reason) with the exclusion counts. The sender then works.
 */
export async function launchCampaign(actor: CampaignActor | null, campaignId: string, now = new Date()): Promise<LaunchResult> {
  if (actor) assertMayWrite(actor);
  return transactionWithEvents(
    async (tx, events) => {
      const campaign = await tx.campaign.findUnique({
        where: { id: campaignId },
        select: { status: true, subject: true, mjml: true, text: true, textEdited: true, _count: { select: { segments: true } } },
      });
      if (!campaign) throw new DomainError("errors.notFound");
      if (!nextStatus(campaign.status, "launch")) return { launched: false as const, reason: "already" as const };
      if (campaign._count.segments === 0) throw new DomainError("campaign.error.noSegment", "segmentIds");
      const rendering = assertSendable(campaign);
      const { options, summary } = await campaignAudience(campaignId, tx, now);
      if (summary.recipients === 0) throw new DomainError("campaign.error.noRecipients");
      const claimed = await tx.campaign.updateMany({
        where: { id: campaignId, status: { in: statusesAllowing("launch") } },
        data: {
          status: "sending",
          renderedHtml: rendering.html,
          renderedText: campaign.textEdited ? campaign.text : rendering.text,
          exclusionCounts: JSON.stringify(summary.counts),
          recipientCount: summary.recipients,
          launchedAt: now,
          launchedById: actor?.id ?? null,
          version: { increment: 1 },
        },
      });
      if (claimed.count === 0) return { launched: false as const, reason: "already" as const };
      const links = trackedLinks(rendering.html);
      if (links.length > 0) await tx.campaignLink.createMany({ data: links.map((link) => ({ campaignId, position: link.position, url: link.url })) });
      await insertCampaignRecipients(tx, campaignId, options, now);
      await recordAudit(tx, { actorId: actor?.id ?? null, action: "campaign.launched", entityType: "campaign", entityId: campaignId, details: { recipients: summary.recipients, excluded: summary.counts } });
      events.record("campaign.saved", { campaignId, actorId: actor?.id ?? null, change: "launched" });
      return { launched: true as const, recipients: summary.recipients };
    },
    { timeout: 10 * 60 * 1000, maxWait: 30_000 },
  );
}

/** Schedules a draft (or moves a scheduled campaign's date); the worker launches it when due. */
export async function scheduleCampaign(actor: CampaignActor, campaignId: string, at: Date, now = new Date()): Promise<void> {
  assertMayWrite(actor);
  if (at.getTime() <= now.getTime()) throw new DomainError("campaign.error.scheduleInPast", "scheduledAt");
  await transactionWithEvents(async (tx, events) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { status: true, subject: true, mjml: true, _count: { select: { segments: true } } } });
    if (!campaign) throw new DomainError("errors.notFound");
    if (campaign._count.segments === 0) throw new DomainError("campaign.error.noSegment", "segmentIds");
    assertSendable(campaign);
    const updated = await tx.campaign.updateMany({ where: { id: campaignId, status: { in: ["draft", "scheduled"] } }, data: { status: "scheduled", scheduledAt: at, version: { increment: 1 } } });
    if (updated.count === 0) throw new DomainError("campaign.error.wrongStatus");
    await recordAudit(tx, { actorId: actor.id, action: "campaign.scheduled", entityType: "campaign", entityId: campaignId, details: { at: at.toISOString() } });
    events.record("campaign.saved", { campaignId, actorId: actor.id, change: "scheduled" });
  });
}

const transitionChange = { unschedule: "unscheduled", pause: "paused", resume: "resumed", cancel: "cancelled" } as const;

/**
 * Unschedule, pause, resume or cancel: a compare-and-set from the statuses the transition allows.
 * A cancelled campaign's queued recipients are never sent: they stay "queued" under a cancelled
 * campaign (the sender only takes rows of sending campaigns), so the results show who was not mailed.
 */
export async function changeCampaignStatus(actor: CampaignActor, campaignId: string, transition: Exclude<CampaignTransition, "launch" | "schedule" | "finish">, now = new Date()): Promise<void> {
  assertMayWrite(actor);
  await transactionWithEvents(async (tx, events) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    if (!campaign) throw new DomainError("errors.notFound");
    const to = nextStatus(campaign.status, transition);
    if (!to) throw new DomainError("campaign.error.wrongStatus");
    const updated = await tx.campaign.updateMany({
      where: { id: campaignId, status: { in: statusesAllowing(transition) } },
      data: { status: to, version: { increment: 1 }, ...(transition === "cancel" ? { cancelledAt: now } : {}), ...(transition === "unschedule" ? { scheduledAt: null } : {}) },
    });
    if (updated.count === 0) throw new DomainError("campaign.error.wrongStatus");
    await recordAudit(tx, { actorId: actor.id, action: `campaign.${transitionChange[transition]}`, entityType: "campaign", entityId: campaignId });
    events.record("campaign.saved", { campaignId, actorId: actor.id, change: transitionChange[transition] });
  });
}

/** Scheduled campaigns whose time has come are launched (by the sender worker). */
export async function launchDueCampaigns(client: { campaign: { findMany: TransactionClient["campaign"]["findMany"] } }, now = new Date()): Promise<number> {
  const due = await client.campaign.findMany({ where: { status: "scheduled", scheduledAt: { lte: now } }, select: { id: true }, take: 10 });
  let launched = 0;
  for (const { id } of due) {
    const result = await launchCampaign(null, id, now);
    if (result.launched) launched += 1;
  }
  return launched;
}
