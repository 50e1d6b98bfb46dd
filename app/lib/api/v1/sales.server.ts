import type { ZodTypeAny } from "zod";
import { addDays, fromZoned, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { ActivityNotFoundError, createActivity, setActivityDone, updateActivity } from "~/domain/sales/activity-commands.server";
import { activityFormTimes, isAllDay } from "~/domain/sales/activity-time";
import { currentActivityForm, findActivityForViewer, findActivityRecord, listActivityRecords, readActivityCursor, activityRecordSorts, type ActivityRecord } from "~/domain/sales/activity-queries.server";
import { ACTIVITY_KINDS, APPOINTMENT_MODES, activitySchema } from "~/domain/sales/activity-schemas";
import { createDeal, moveDeal, updateDeal } from "~/domain/sales/deal-commands.server";
import { CLOSE_PERIODS, DEAL_STATUSES } from "~/domain/sales/deal-filters";
import { dealRecordSorts, findDealRecord, getDealForEdit, listDealRecords, readDealCursor, type DealRecord } from "~/domain/sales/deal-queries.server";
import { dealFormSchema, localDayInput, MAX_DEAL_AMOUNT_CENTS } from "~/domain/sales/deal-schemas";
import { PROSPECT_SOURCES } from "~/domain/sales/lifecycle";
import { activePipeline } from "~/domain/sales/pipeline.server";
import { env } from "~/lib/env.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem, fieldIssuesFromZod, validationProblem } from "../problem.server";
import { booleanQuery, instant, localDay, orNull, pageOf, pageQuery, recordId } from "../schemas";
import { z } from "../zod";
import { parseInstantQuery, updatedSinceQuery } from "./common.server";

/**
 * Sales over the API: deals (the pipeline's and the list's filters, create, update with If-Match,
 * move along the pipeline), the pipeline's stages and loss reasons, and activities (by owner and
 * period, create, update, done). Every read and write goes through the sales record rule: a rep's
 * token reaches their own records only, another rep's is "not found". Writes go through the
 * forms' schemas, so a rule is enforced once.
 */

const notFound = () => new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
const ref = () => z.object({ id: z.string(), name: z.string() });

function throughForm<Schema extends ZodTypeAny>(schema: Schema, values: Record<string, unknown>, rename: Record<string, string> = {}): z.output<Schema> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw validationProblem(fieldIssuesFromZod(parsed.error, { rename }));
  return parsed.data;
}

/** Integer cents as the deal form types them ("12500.50"), without going through a float. */
function centsAsTyped(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

// ───────────────────────────── deals ─────────────────────────────

const dealSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    amountCents: z.number().int().openapi({ description: "publicApi.field.amountCents" }),
    expectedCloseDate: localDay().nullable(),
    source: z.enum(PROSPECT_SOURCES),
    notes: z.string(),
    company: ref(),
    contact: ref().nullable(),
    owner: ref(),
    stage: z.object({ id: z.string(), name: z.string(), kind: z.enum(["open", "won", "lost"]), probability: z.number().int() }),
    lossReason: z.object({ id: z.string(), label: z.string() }).nullable(),
    lossNote: z.string(),
    closedAt: instant().nullable(),
    stageChangedAt: instant(),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    createdAt: instant(),
    updatedAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("Deal");

type DealOut = z.input<typeof dealSchema>;

function dealOf(deal: DealRecord): DealOut {
  return {
    id: deal.id,
    title: deal.title,
    amountCents: deal.amountCents,
    expectedCloseDate: deal.expectedCloseDate ? localDayInput(deal.expectedCloseDate) : null,
    source: deal.source as DealOut["source"],
    notes: deal.notes,
    company: deal.company,
    contact: deal.contact ? { id: deal.contact.id, name: `${deal.contact.firstName} ${deal.contact.lastName}`.trim() } : null,
    owner: deal.owner,
    stage: { ...deal.stage, kind: deal.stage.kind as DealOut["stage"]["kind"] },
    lossReason: deal.lossReason,
    lossNote: deal.lossNote,
    closedAt: deal.closedAt,
    stageChangedAt: deal.stageChangedAt,
    version: deal.version,
    createdAt: deal.createdAt,
    updatedAt: deal.updatedAt,
    webUrl: `${env().PUBLIC_URL}/ventes/affaires/${deal.id}`,
  };
}

const dealFields = {
  title: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  companyId: recordId(),
  contactId: recordId().nullable().optional(),
  ownerId: recordId().optional().openapi({ description: "publicApi.field.dealOwner" }),
  amountCents: z.number().int("publicApi.validation.integer").min(0, "sales.deal.validation.amount").max(MAX_DEAL_AMOUNT_CENTS, "sales.deal.validation.amountTooLarge").optional().openapi({ description: "publicApi.field.amountCents" }),
  expectedCloseDate: localDay().nullable().optional(),
  source: z.enum(PROSPECT_SOURCES).optional(),
  notes: z.string().trim().max(10_000, "validation.tooLong").optional(),
};

const newDealBody = z.object(dealFields).strict().openapi("NewDeal");
const dealChangesBody = z
  .object(dealFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "publicApi.validation.emptyPatch" })
  .openapi("DealChanges");

type DealValues = { title: string; companyId: string; contactId: string | null; ownerId: string; amountCents: number; expectedCloseDate: string | null; source: string; notes: string };

function dealForm(values: DealValues) {
  return throughForm(
    dealFormSchema,
    { ...values, contactId: values.contactId ?? "", amount: centsAsTyped(values.amountCents), expectedCloseDate: values.expectedCloseDate ?? "" },
    { amount: "amountCents" },
  );
}

const dealParams = z.object({ deal: recordId().openapi({ description: "publicApi.param.deal" }) });

const listDealsQuery = z
  .object({
    ownerId: recordId().optional().openapi({ description: "publicApi.param.dealOwner" }),
    closePeriod: z.enum(CLOSE_PERIODS).optional().openapi({ description: "publicApi.param.closePeriod" }),
    source: z.enum(PROSPECT_SOURCES).optional(),
    status: z.enum(DEAL_STATUSES).optional().openapi({ description: "publicApi.param.dealStatus" }),
    stageId: recordId().optional(),
    companyId: recordId().optional(),
    updatedSince: updatedSinceQuery(),
    sort: z.enum(dealRecordSorts).default("-updatedAt").openapi({ description: "publicApi.param.dealSort" }),
    ...pageQuery,
  })
  .superRefine((query, context) => {
    if (query.cursor && !readDealCursor(query.cursor, query.sort)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
  });

const listDeals = defineEndpoint({
  operationId: "listDeals",
  method: "get",
  path: "/deals",
  tag: "deals",
  summary: "publicApi.op.listDeals",
  description: "publicApi.op.listDeals.about",
  scope: "sales:read",
  permission: "read:deal",
  query: listDealsQuery,
  paginated: true,
  response: { status: 200, description: "publicApi.response.dealPage", schema: pageOf(dealSchema, "DealPage") },
  example: { query: { status: "open", closePeriod: "this_quarter", sort: "-amount" } },
  async handle({ caller, query }) {
    const page = await listDealRecords(
      caller,
      {
        ownerId: query.ownerId ?? null,
        closePeriod: query.closePeriod ?? null,
        source: query.source ?? null,
        status: query.status ?? null,
        stageId: query.stageId ?? null,
        companyId: query.companyId ?? null,
        updatedSince: parseInstantQuery(query.updatedSince),
      },
      { sort: query.sort, cursor: query.cursor, limit: query.limit },
    );
    if (!page) throw new ApiProblem("forbidden", { key: "publicApi.problem.forbidden.detail" });
    return { status: 200, body: { data: page.deals.map(dealOf), next: page.nextCursor } };
  },
});

const getDeal = defineEndpoint({
  operationId: "getDeal",
  method: "get",
  path: "/deals/{deal}",
  tag: "deals",
  summary: "publicApi.op.getDeal",
  scope: "sales:read",
  permission: "read:deal",
  params: dealParams,
  conditional: "read",
  response: { status: 200, description: "publicApi.response.deal", schema: dealSchema },
  example: { params: { deal: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params }) {
    const deal = await findDealRecord(caller, params.deal);
    if (!deal) throw notFound();
    return { status: 200, body: dealOf(deal), etag: deal.version };
  },
});

const createDealEndpoint = defineEndpoint({
  operationId: "createDeal",
  method: "post",
  path: "/deals",
  tag: "deals",
  summary: "publicApi.op.createDeal",
  description: "publicApi.op.createDeal.about",
  scope: "sales:write",
  permission: "create:deal",
  body: newDealBody,
  response: { status: 201, description: "publicApi.response.dealCreated", schema: dealSchema, location: true },
  example: { body: { title: "Renouvellement du parc d'imprimantes", companyId: "cmf3k2x0p0001qv8h5t2d9a1b", amountCents: 1250000, expectedCloseDate: "2026-06-30", source: "referral" } },
  async handle({ caller, body, url }) {
    const form = dealForm({
      title: body.title,
      companyId: body.companyId,
      contactId: body.contactId ?? null,
      ownerId: body.ownerId ?? caller.id,
      amountCents: body.amountCents ?? 0,
      expectedCloseDate: body.expectedCloseDate ?? null,
      source: body.source ?? "other",
      notes: body.notes ?? "",
    });
    const { id } = await createDeal(caller, form);
    const deal = await findDealRecord(caller, id);
    if (!deal) throw notFound();
    return { status: 201, body: dealOf(deal), etag: deal.version, location: url(`/deals/${id}`) };
  },
});

const updateDealEndpoint = defineEndpoint({
  operationId: "updateDeal",
  method: "patch",
  path: "/deals/{deal}",
  tag: "deals",
  summary: "publicApi.op.updateDeal",
  description: "publicApi.op.updateDeal.about",
  scope: "sales:write",
  permission: "update:deal",
  params: dealParams,
  body: dealChangesBody,
  conditional: "required",
  response: { status: 200, description: "publicApi.response.deal", schema: dealSchema },
  example: { params: { deal: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { amountCents: 1400000, expectedCloseDate: "2026-07-15" } },
  async handle({ caller, params, body, expectedVersion }) {
    const current = await getDealForEdit(caller, params.deal);
    if (!current) throw notFound();
    const version = await expectedVersion(async () => current.version);
    const form = dealForm({
      title: body.title ?? current.title,
      companyId: body.companyId ?? current.companyId,
      contactId: body.contactId === undefined ? current.contactId : body.contactId,
      ownerId: body.ownerId ?? current.ownerId,
      amountCents: body.amountCents ?? current.amountCents,
      expectedCloseDate: body.expectedCloseDate === undefined ? (current.expectedCloseDate ? localDayInput(current.expectedCloseDate) : null) : body.expectedCloseDate,
      source: body.source ?? current.source,
      notes: body.notes ?? current.notes,
    });
    await updateDeal(caller, params.deal, { ...form, version });
    const deal = await findDealRecord(caller, params.deal);
    if (!deal) throw notFound();
    return { status: 200, body: dealOf(deal), etag: deal.version };
  },
});

const moveDealEndpoint = defineEndpoint({
  operationId: "moveDeal",
  method: "post",
  path: "/deals/{deal}/stage",
  tag: "deals",
  summary: "publicApi.op.moveDeal",
  description: "publicApi.op.moveDeal.about",
  scope: "sales:write",
  permission: "update:deal",
  params: dealParams,
  body: z
    .object({
      stageId: recordId().openapi({ description: "publicApi.field.stageId" }),
      lossReasonId: recordId().nullable().optional().openapi({ description: "publicApi.field.lossReasonId" }),
      lossNote: z.string().trim().max(1000, "validation.tooLong").optional(),
    })
    .strict()
    .openapi("DealMove"),
  conditional: "optional",
  response: { status: 200, description: "publicApi.response.deal", schema: dealSchema },
  example: { params: { deal: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { stageId: "cmf3k2x0p0003qv8h1a2b3c4d" } },
  async handle({ caller, params, body, expectedVersion }) {
    const current = await findDealRecord(caller, params.deal);
    if (!current) throw notFound();
    const version = await expectedVersion(async () => current.version);
    await moveDeal(caller, { dealId: params.deal, toStageId: body.stageId, expectedVersion: version, lossReasonId: body.lossReasonId ?? null, lossNote: body.lossNote ?? "" });
    const deal = await findDealRecord(caller, params.deal);
    if (!deal) throw notFound();
    return { status: 200, body: dealOf(deal), etag: deal.version };
  },
});

// ───────────────────────────── pipeline ─────────────────────────────

const getPipeline = defineEndpoint({
  operationId: "getPipeline",
  method: "get",
  path: "/pipeline",
  tag: "pipeline",
  summary: "publicApi.op.getPipeline",
  description: "publicApi.op.getPipeline.about",
  scope: "sales:read",
  permission: "read:deal",
  response: {
    status: 200,
    description: "publicApi.response.pipeline",
    schema: z
      .object({
        stages: z.array(z.object({ id: z.string(), name: z.string(), probability: z.number().int(), kind: z.enum(["open", "won", "lost"]), position: z.number().int() })),
        lossReasons: z.array(z.object({ id: z.string(), label: z.string() })),
      })
      .openapi("Pipeline"),
  },
  async handle() {
    return { status: 200, body: await activePipeline() };
  },
});

// ───────────────────────────── activities ─────────────────────────────

const activityOut = z
  .object({
    id: z.string(),
    kind: z.enum(ACTIVITY_KINDS),
    subject: z.string(),
    notes: z.string(),
    startsAt: instant().openapi({ description: "publicApi.field.startsAt" }),
    endsAt: instant().nullable(),
    date: localDay().openapi({ description: "publicApi.field.activityDate" }),
    time: z.string().openapi({ description: "publicApi.field.activityTime" }),
    endTime: z.string(),
    allDay: z.boolean().openapi({ description: "publicApi.field.allDay" }),
    mode: orNull(z.enum(APPOINTMENT_MODES)),
    location: z.string(),
    done: z.boolean(),
    doneAt: instant().nullable(),
    owner: ref(),
    company: ref().nullable(),
    contact: ref().nullable(),
    deal: z.object({ id: z.string(), title: z.string() }).nullable(),
    ticket: z.object({ id: z.string(), number: z.number().int(), subject: z.string() }).nullable(),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    createdAt: instant(),
    updatedAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("Activity");

type ActivityOut = z.input<typeof activityOut>;

function activityOf(activity: ActivityRecord): ActivityOut {
  const times = activityFormTimes(activity);
  return {
    id: activity.id,
    kind: activity.kind as ActivityOut["kind"],
    subject: activity.subject,
    notes: activity.notes,
    startsAt: activity.startsAt,
    endsAt: activity.endsAt,
    ...times,
    allDay: isAllDay(activity),
    mode: (activity.mode || null) as ActivityOut["mode"],
    location: activity.location,
    done: activity.doneAt !== null,
    doneAt: activity.doneAt,
    owner: activity.owner,
    company: activity.company,
    contact: activity.contact ? { id: activity.contact.id, name: `${activity.contact.firstName} ${activity.contact.lastName}`.trim() } : null,
    deal: activity.deal,
    ticket: activity.ticket,
    version: activity.version,
    createdAt: activity.createdAt,
    updatedAt: activity.updatedAt,
    webUrl: `${env().PUBLIC_URL}/ventes/activites/${activity.id}`,
  };
}

const clock = () => z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, "sales.activity.validation.time").openapi({ example: "14:30" });

const activityFields = {
  kind: z.enum(ACTIVITY_KINDS),
  subject: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  notes: z.string().trim().max(10_000, "validation.tooLong").optional(),
  ownerId: recordId().optional().openapi({ description: "publicApi.field.activityOwner" }),
  date: localDay().openapi({ description: "publicApi.field.activityDate" }),
  time: clock().nullable().optional().openapi({ description: "publicApi.field.activityTime" }),
  endTime: clock().nullable().optional().openapi({ description: "publicApi.field.activityEndTime" }),
  mode: orNull(z.enum(APPOINTMENT_MODES)).optional(),
  location: z.string().trim().max(300, "validation.tooLong").optional(),
  companyId: recordId().nullable().optional(),
  contactId: recordId().nullable().optional(),
  dealId: recordId().nullable().optional(),
  ticketId: recordId().nullable().optional(),
};

const newActivityBody = z
  .object({ ...activityFields, done: z.boolean().optional().openapi({ description: "publicApi.field.activityDone" }) })
  .strict()
  .openapi("NewActivity");
const activityChangesBody = z
  .object(activityFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "publicApi.validation.emptyPatch" })
  .openapi("ActivityChanges");

type ActivityValues = {
  kind: string;
  subject: string;
  notes: string;
  ownerId: string | null;
  date: string;
  time: string | null;
  endTime: string | null;
  mode: string | null;
  location: string;
  companyId: string | null;
  contactId: string | null;
  dealId: string | null;
  ticketId: string | null;
  done?: boolean;
};

function activityForm(values: ActivityValues) {
  return throughForm(activitySchema, {
    ...values,
    ownerId: values.ownerId ?? "",
    time: values.time ?? "",
    endTime: values.endTime ?? "",
    mode: values.mode ?? "",
    companyId: values.companyId ?? "",
    contactId: values.contactId ?? "",
    dealId: values.dealId ?? "",
    ticketId: values.ticketId ?? "",
    done: values.done ? "true" : "false",
  });
}

/** ActivityNotFoundError is the domain's "outside your rule" for activities: 404 here. */
async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ActivityNotFoundError) throw notFound();
    throw error;
  }
}

const activityParams = z.object({ activity: recordId().openapi({ description: "publicApi.param.activity" }) });

/** The first instant of a local day of the workspace, for the period filters. */
function startOfDay(day: string, offsetDays = 0): Date {
  return fromZoned(addDays(parseIsoDate(day)!, offsetDays), 0, WORKSPACE_TIME_ZONE);
}

const listActivitiesQuery = z
  .object({
    ownerId: recordId().optional().openapi({ description: "publicApi.param.activityOwner" }),
    from: localDay().optional().openapi({ description: "publicApi.param.activityFrom" }),
    to: localDay().optional().openapi({ description: "publicApi.param.activityTo" }),
    kind: z.enum(ACTIVITY_KINDS).optional(),
    done: booleanQuery().optional(),
    companyId: recordId().optional(),
    contactId: recordId().optional(),
    dealId: recordId().optional(),
    sort: z.enum(activityRecordSorts).default("startsAt").openapi({ description: "publicApi.param.activitySort" }),
    ...pageQuery,
  })
  .superRefine((query, context) => {
    if (query.cursor && !readActivityCursor(query.cursor, query.sort)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
    for (const field of ["from", "to"] as const) {
      const day = query[field];
      if (day && !parseIsoDate(day)) context.addIssue({ code: "custom", path: [field], message: "publicApi.validation.day" });
    }
    if (query.from && query.to && query.from > query.to) context.addIssue({ code: "custom", path: ["to"], message: "helpdesk.filters.dateOrder" });
  });

const listActivities = defineEndpoint({
  operationId: "listActivities",
  method: "get",
  path: "/activities",
  tag: "activities",
  summary: "publicApi.op.listActivities",
  description: "publicApi.op.listActivities.about",
  scope: "sales:read",
  permission: "read:deal",
  query: listActivitiesQuery,
  paginated: true,
  response: { status: 200, description: "publicApi.response.activityPage", schema: pageOf(activityOut, "ActivityPage") },
  example: { query: { from: "2026-03-09", to: "2026-03-15", done: "false" } },
  async handle({ caller, query }) {
    const page = await listActivityRecords(
      caller,
      {
        ownerId: query.ownerId,
        kind: query.kind,
        done: query.done,
        companyId: query.companyId,
        contactId: query.contactId,
        dealId: query.dealId,
        from: query.from ? startOfDay(query.from) : undefined,
        to: query.to ? startOfDay(query.to, 1) : undefined,
      },
      { sort: query.sort, cursor: query.cursor, limit: query.limit },
    );
    if (!page) throw new ApiProblem("forbidden", { key: "publicApi.problem.forbidden.detail" });
    return { status: 200, body: { data: page.activities.map(activityOf), next: page.nextCursor } };
  },
});

const getActivity = defineEndpoint({
  operationId: "getActivity",
  method: "get",
  path: "/activities/{activity}",
  tag: "activities",
  summary: "publicApi.op.getActivity",
  scope: "sales:read",
  permission: "read:deal",
  params: activityParams,
  conditional: "read",
  response: { status: 200, description: "publicApi.response.activity", schema: activityOut },
  example: { params: { activity: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params }) {
    const activity = await findActivityRecord(caller, params.activity);
    if (!activity) throw notFound();
    return { status: 200, body: activityOf(activity), etag: activity.version };
  },
});

const createActivityEndpoint = defineEndpoint({
  operationId: "createActivity",
  method: "post",
  path: "/activities",
  tag: "activities",
  summary: "publicApi.op.createActivity",
  description: "publicApi.op.createActivity.about",
  scope: "sales:write",
  permission: "create:deal",
  body: newActivityBody,
  response: { status: 201, description: "publicApi.response.activityCreated", schema: activityOut, location: true },
  example: { body: { kind: "appointment", subject: "Démonstration du nouveau copieur", date: "2026-03-12", time: "10:00", endTime: "11:00", mode: "onsite", companyId: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, body, url }) {
    const form = activityForm({
      kind: body.kind,
      subject: body.subject,
      notes: body.notes ?? "",
      ownerId: body.ownerId ?? null,
      date: body.date,
      time: body.time ?? null,
      endTime: body.endTime ?? null,
      mode: body.mode ?? null,
      location: body.location ?? "",
      companyId: body.companyId ?? null,
      contactId: body.contactId ?? null,
      dealId: body.dealId ?? null,
      ticketId: body.ticketId ?? null,
      done: body.done,
    });
    const { activityId } = await createActivity({ viewer: caller, form });
    const activity = await findActivityRecord(caller, activityId);
    if (!activity) throw notFound();
    return { status: 201, body: activityOf(activity), etag: activity.version, location: url(`/activities/${activityId}`) };
  },
});

const updateActivityEndpoint = defineEndpoint({
  operationId: "updateActivity",
  method: "patch",
  path: "/activities/{activity}",
  tag: "activities",
  summary: "publicApi.op.updateActivity",
  description: "publicApi.op.updateActivity.about",
  scope: "sales:write",
  permission: "update:deal",
  params: activityParams,
  body: activityChangesBody,
  conditional: "required",
  response: { status: 200, description: "publicApi.response.activity", schema: activityOut },
  example: { params: { activity: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { date: "2026-03-13", time: "14:00", endTime: "15:00" } },
  async handle({ caller, params, body, expectedVersion }) {
    if (!(await findActivityForViewer(caller, params.activity, "update"))) throw notFound();
    const current = await currentActivityForm(params.activity);
    if (!current) throw notFound();
    const version = await expectedVersion(async () => current.version);
    const pick = <Key extends keyof typeof body>(key: Key) => body[key] !== undefined;
    const form = activityForm({
      kind: body.kind ?? current.kind,
      subject: body.subject ?? current.subject,
      notes: body.notes ?? current.notes,
      ownerId: body.ownerId ?? current.ownerId,
      date: body.date ?? current.date,
      time: pick("time") ? (body.time ?? null) : current.time || null,
      endTime: pick("endTime") ? (body.endTime ?? null) : current.endTime || null,
      mode: pick("mode") ? (body.mode ?? null) : current.mode,
      location: body.location ?? current.location,
      companyId: pick("companyId") ? (body.companyId ?? null) : current.companyId,
      contactId: pick("contactId") ? (body.contactId ?? null) : current.contactId,
      dealId: pick("dealId") ? (body.dealId ?? null) : current.dealId,
      ticketId: pick("ticketId") ? (body.ticketId ?? null) : current.ticketId,
    });
    await orNotFound(() => updateActivity({ viewer: caller, activityId: params.activity, form, version }));
    const activity = await findActivityRecord(caller, params.activity);
    if (!activity) throw notFound();
    return { status: 200, body: activityOf(activity), etag: activity.version };
  },
});

const setActivityDoneEndpoint = defineEndpoint({
  operationId: "setActivityDone",
  method: "post",
  path: "/activities/{activity}/done",
  tag: "activities",
  summary: "publicApi.op.setActivityDone",
  description: "publicApi.op.setActivityDone.about",
  scope: "sales:write",
  permission: "update:deal",
  params: activityParams,
  body: z.object({ done: z.boolean() }).strict().openapi("ActivityDone"),
  conditional: "optional",
  response: { status: 200, description: "publicApi.response.activity", schema: activityOut },
  example: { params: { activity: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { done: true } },
  async handle({ caller, params, body, expectedVersion }) {
    const current = await findActivityForViewer(caller, params.activity, "update");
    if (!current) throw notFound();
    const version = await expectedVersion(async () => current.version);
    await orNotFound(() => setActivityDone({ viewer: caller, activityId: params.activity, done: body.done, version }));
    const activity = await findActivityRecord(caller, params.activity);
    if (!activity) throw notFound();
    return { status: 200, body: activityOf(activity), etag: activity.version };
  },
});

export const salesEndpoints = [
  listDeals,
  getDeal,
  createDealEndpoint,
  updateDealEndpoint,
  moveDealEndpoint,
  getPipeline,
  listActivities,
  getActivity,
  createActivityEndpoint,
  updateActivityEndpoint,
  setActivityDoneEndpoint,
];
