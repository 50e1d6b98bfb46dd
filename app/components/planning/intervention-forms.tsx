/**
 * The intervention forms (plan, reschedule, report, cancel) and how a slot reads, shared by the
 * ticket page's panel and the intervention page. Forms post with a fetcher to the ticket's
 * interventions resource route; a refusal shows next to the fields and keeps what was typed.
 */
import { useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { intlTag } from "~/lib/i18n/locales";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import type { loader as rootLoader } from "~/root";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { FormAlert, SelectField, TextareaField, TextField } from "../ui/field";
import { Badge, type BadgeTone } from "../ui/layout";

export type DateLike = Date | string;
export type Technician = { id: string; name: string };

type Refusal = {
  intent: string;
  interventionId: string | null;
  fieldErrors: Partial<Record<string, MessageKey>>;
  values: Record<string, string | string[]>;
  overlap: { technicianName: string; startsAt: string; endsAt: string; ticketNumber: number } | null;
};

export const interventionsActionPath = (ticketNumber: number) => `/support/tickets/${ticketNumber}/interventions`;

/** Date and time formats of the planning, always in Paris time. */
export function usePlanningFormat() {
  const { locale } = useI18n();
  return useMemo(() => {
    const tag = intlTag(locale);
    const day = new Intl.DateTimeFormat(tag, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: WORKSPACE_TIME_ZONE });
    const shortDay = new Intl.DateTimeFormat(tag, { weekday: "short", day: "numeric", month: "short", timeZone: WORKSPACE_TIME_ZONE });
    const clock = new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", timeZone: WORKSPACE_TIME_ZONE });
    const isoDay = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: WORKSPACE_TIME_ZONE });
    const isoClock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: WORKSPACE_TIME_ZONE });
    return {
      day: (value: DateLike) => day.format(new Date(value)),
      shortDay: (value: DateLike) => shortDay.format(new Date(value)),
      clock: (value: DateLike) => clock.format(new Date(value)),
      slot: (startsAt: DateLike, endsAt: DateLike) => `${day.format(new Date(startsAt))}, ${clock.format(new Date(startsAt))}–${clock.format(new Date(endsAt))}`,
      /** "2026-11-24" for a date input */
      dateInput: (value: DateLike) => isoDay.format(new Date(value)),
      /** "09:00" for a time input */
      timeInput: (value: DateLike) => isoClock.format(new Date(value)),
    };
  }, [locale]);
}

const statusTones: Record<string, BadgeTone> = { planned: "blue", done: "green", cancelled: "slate" };

export function InterventionStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <Badge tone={statusTones[status] ?? "slate"}>{t(`planning.status.${status}` as MessageKey)}</Badge>;
}

export function InterventionKindBadge({ kind }: { kind: string }) {
  const { t } = useI18n();
  return <Badge tone={kind === "remote" ? "violet" : "amber"}>{t(kind === "remote" ? "planning.kind.remote" : "planning.kind.onsite")}</Badge>;
}

function useRefusal(fetcher: { data?: unknown }) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const refusal = (fetcher.data ?? null) as Refusal | null;
  const error = (name: string): string | null => {
    const key = refusal?.fieldErrors?.[name];
    if (!key) return null;
    // The full overlap message goes above the form; the field only says the slot is taken.
    if (key === "planning.intervention.overlap") return t("planning.intervention.slotTaken");
    return t(key);
  };
  const overlap = refusal?.overlap
    ? t("planning.intervention.overlap", {
        name: refusal.overlap.technicianName,
        date: planning.day(refusal.overlap.startsAt),
        start: planning.clock(refusal.overlap.startsAt),
        end: planning.clock(refusal.overlap.endsAt),
        number: String(refusal.overlap.ticketNumber),
      })
    : null;
  const formError = overlap ?? (refusal?.fieldErrors?.form ? t(refusal.fieldErrors.form) : null);
  return { refusal, error, formError, hasErrors: Boolean(refusal && Object.keys(refusal.fieldErrors ?? {}).length > 0) };
}

function useCurrentUserId(): string | null {
  return useRouteLoaderData<typeof rootLoader>("root")?.user?.id ?? null;
}

function SlotFields({
  technicians,
  error,
  defaults,
}: {
  technicians: Technician[];
  error: (name: string) => string | null;
  defaults: { technicianId: string; date: string; startTime: string; endTime: string };
}) {
  const { t } = useI18n();
  return (
    <>
      <SelectField
        label={t("planning.field.technician")}
        name="technicianId"
        defaultValue={defaults.technicianId}
        error={error("technicianId")}
        options={[{ value: "", label: t("planning.field.chooseTechnician") }, ...technicians.map((technician) => ({ value: technician.id, label: technician.name }))]}
      />
      {/* Date on its own line, times side by side: the form also lives in the ticket page's narrow side column. */}
      <TextField label={t("planning.field.date")} name="date" type="date" required defaultValue={defaults.date} error={error("date")} />
      <div className="grid grid-cols-2 gap-3">
        <TextField label={t("planning.field.start")} name="startTime" type="time" required defaultValue={defaults.startTime} error={error("startTime")} />
        <TextField label={t("planning.field.end")} name="endTime" type="time" required defaultValue={defaults.endTime} error={error("endTime")} />
      </div>
    </>
  );
}

export function PlanInterventionForm({
  ticketNumber,
  technicians,
  defaultAddress,
  today,
  redirectTo,
}: {
  ticketNumber: number;
  technicians: Technician[];
  defaultAddress: string;
  today: string;
  redirectTo?: string;
}) {
  const { t } = useI18n();
  const fetcher = useFetcher({ key: `plan-intervention-${ticketNumber}` });
  const { error, formError, hasErrors } = useRefusal(fetcher);
  const me = useCurrentUserId();
  const defaultTechnician = technicians.some((technician) => technician.id === me) ? (me as string) : "";
  return (
    <fetcher.Form method="post" action={interventionsActionPath(ticketNumber)} className="space-y-3" noValidate aria-label={t("planning.plan.title")}>
      <CsrfField />
      <input type="hidden" name="intent" value="plan" />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {hasErrors ? <FormAlert>{formError ?? t("common.formHasErrors")}</FormAlert> : null}
      <SlotFields technicians={technicians} error={error} defaults={{ technicianId: defaultTechnician, date: today, startTime: "09:00", endTime: "10:00" }} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t("planning.field.kind")}</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {(["onsite", "remote"] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="kind" value={kind} defaultChecked={kind === "onsite"} className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-600" />
              {t(kind === "remote" ? "planning.kind.remote" : "planning.kind.onsite")}
            </label>
          ))}
        </div>
        {error("kind") ? (
          <p className="text-sm text-red-700" role="alert">
            {error("kind")}
          </p>
        ) : null}
      </fieldset>
      <TextField label={t("planning.field.address")} name="address" defaultValue={defaultAddress} error={error("address")} hint={t("planning.field.addressHint")} />
      <TextareaField label={t("planning.field.notes")} name="notes" rows={2} error={error("notes")} />
      <Button type="submit" disabled={fetcher.state !== "idle"}>
        {t("planning.plan.submit")}
      </Button>
    </fetcher.Form>
  );
}

export function RescheduleInterventionForm({
  ticketNumber,
  intervention,
  technicians,
  redirectTo,
}: {
  ticketNumber: number;
  intervention: { id: string; startsAt: DateLike; endsAt: DateLike; technician: Technician };
  technicians: Technician[];
  redirectTo?: string;
}) {
  const { t } = useI18n();
  const planning = usePlanningFormat();
  const fetcher = useFetcher({ key: `reschedule-intervention-${intervention.id}` });
  const { error, formError, hasErrors } = useRefusal(fetcher);
  const choices = technicians.some((technician) => technician.id === intervention.technician.id) ? technicians : [intervention.technician, ...technicians];
  return (
    <fetcher.Form method="post" action={interventionsActionPath(ticketNumber)} className="space-y-3" noValidate aria-label={t("planning.reschedule.title")}>
      <CsrfField />
      <input type="hidden" name="intent" value="reschedule" />
      <input type="hidden" name="interventionId" value={intervention.id} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {hasErrors ? <FormAlert>{formError ?? t("common.formHasErrors")}</FormAlert> : null}
      <SlotFields
        technicians={choices}
        error={error}
        defaults={{
          technicianId: intervention.technician.id,
          date: planning.dateInput(intervention.startsAt),
          startTime: planning.timeInput(intervention.startsAt),
          endTime: planning.timeInput(intervention.endsAt),
        }}
      />
      <Button type="submit" variant="secondary" disabled={fetcher.state !== "idle"}>
        {t("planning.reschedule.submit")}
      </Button>
    </fetcher.Form>
  );
}

export function InterventionReportForm({ ticketNumber, interventionId, redirectTo }: { ticketNumber: number; interventionId: string; redirectTo?: string }) {
  const { t } = useI18n();
  const fetcher = useFetcher({ key: `report-intervention-${interventionId}` });
  const { error, formError } = useRefusal(fetcher);
  return (
    <fetcher.Form method="post" action={interventionsActionPath(ticketNumber)} className="space-y-3" noValidate aria-label={t("planning.report.title")}>
      <CsrfField />
      <input type="hidden" name="intent" value="report" />
      <input type="hidden" name="interventionId" value={interventionId} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextareaField label={t("planning.field.report")} name="report" rows={5} required error={error("report")} hint={t("planning.field.reportHint")} />
      <Button type="submit" disabled={fetcher.state !== "idle"}>
        {t("planning.report.submit")}
      </Button>
    </fetcher.Form>
  );
}

export function CancelInterventionForm({ ticketNumber, interventionId, redirectTo }: { ticketNumber: number; interventionId: string; redirectTo?: string }) {
  const { t } = useI18n();
  const fetcher = useFetcher({ key: `cancel-intervention-${interventionId}` });
  const { error, formError } = useRefusal(fetcher);
  return (
    <fetcher.Form method="post" action={interventionsActionPath(ticketNumber)} className="space-y-3" noValidate aria-label={t("planning.cancel.title")}>
      <CsrfField />
      <input type="hidden" name="intent" value="cancel" />
      <input type="hidden" name="interventionId" value={interventionId} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextField label={t("planning.field.cancelReason")} name="reason" error={error("reason")} />
      <Button type="submit" variant="danger" disabled={fetcher.state !== "idle"}>
        {t("planning.cancel.submit")}
      </Button>
    </fetcher.Form>
  );
}

