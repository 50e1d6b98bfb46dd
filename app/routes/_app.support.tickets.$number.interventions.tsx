/**
 * Resource route of a ticket's interventions: plan, reschedule, cancel, write the report.
 * Forms post here (the panel on the ticket page, the intervention page) with an `intent`;
 * success redirects back with a toast, a refusal answers the form's field errors.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import {
  cancelInterventionSchema,
  interventionReportSchema,
  planInterventionSchema,
  rescheduleInterventionSchema,
} from "~/domain/helpdesk/intervention-schemas";
import {
  cancelIntervention,
  findVisibleTicketByNumber,
  interventionBelongsTo,
  InterventionOverlapError,
  planIntervention,
  rescheduleIntervention,
  writeInterventionReport,
} from "~/domain/helpdesk/interventions.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { type FieldErrors, parseForm, submittedValues } from "~/lib/forms";
import { notFound, safeRedirectPath } from "~/lib/http.server";
import { resolveLocale } from "~/lib/i18n/request-locale.server";

const interventionIntents = ["plan", "reschedule", "cancel", "report"] as const;
type Intent = (typeof interventionIntents)[number];

/** Nothing to show here: a GET goes to the ticket. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const ticket = await findVisibleTicketByNumber(Number(params.number), user);
  if (!ticket) throw notFound();
  return redirect(`/support/tickets/${ticket.number}`);
}

type Refusal = {
  intent: Intent;
  interventionId: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, string | string[]>;
  overlap: { technicianName: string; startsAt: string; endsAt: string; ticketNumber: number } | null;
};

const refuse = (refusal: Refusal, status = 400) => data(refusal, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const ticket = await findVisibleTicketByNumber(Number(params.number), user);
  if (!ticket) throw notFound();
  const form = await readProtectedForm(request);
  const intentValue = String(form.get("intent") ?? "");
  if (!(interventionIntents as readonly string[]).includes(intentValue)) throw data({ reason: "bad_intent" }, { status: 400 });
  const intent = intentValue as Intent;
  const interventionId = typeof form.get("interventionId") === "string" ? String(form.get("interventionId")) : null;
  if (interventionId && !(await interventionBelongsTo(interventionId, ticket.id))) throw notFound();
  const back = safeRedirectPath(form.get("redirectTo"), `/support/tickets/${ticket.number}`);
  const base = { intent, interventionId, overlap: null };

  try {
    switch (intent) {
      case "plan": {
        const parsed = parseForm(form, planInterventionSchema);
        if (!parsed.ok) return refuse({ ...base, fieldErrors: parsed.fieldErrors, values: parsed.values });
        await planIntervention({ ...parsed.data, ticketId: ticket.id, actorId: user.id });
        return redirectWithToast(back, { kind: "success", message: "planning.toast.planned" });
      }
      case "reschedule": {
        const parsed = parseForm(form, rescheduleInterventionSchema);
        if (!parsed.ok) return refuse({ ...base, fieldErrors: parsed.fieldErrors, values: parsed.values });
        await rescheduleIntervention({ ...parsed.data, actorId: user.id });
        return redirectWithToast(back, { kind: "success", message: "planning.toast.rescheduled" });
      }
      case "cancel": {
        const parsed = parseForm(form, cancelInterventionSchema);
        if (!parsed.ok) return refuse({ ...base, fieldErrors: parsed.fieldErrors, values: parsed.values });
        await cancelIntervention({ ...parsed.data, actorId: user.id });
        return redirectWithToast(back, { kind: "success", message: "planning.toast.cancelled" });
      }
      case "report": {
        const parsed = parseForm(form, interventionReportSchema);
        if (!parsed.ok) return refuse({ ...base, fieldErrors: parsed.fieldErrors, values: parsed.values });
        await writeInterventionReport({ ...parsed.data, actorId: user.id, locale: await resolveLocale(request, user) });
        return redirectWithToast(back, { kind: "success", message: "planning.toast.reported" });
      }
    }
  } catch (error) {
    if (error instanceof InterventionOverlapError) {
      return refuse(
        {
          ...base,
          fieldErrors: { startTime: error.code },
          values: submittedValues(form),
          overlap: { ...error.clash, startsAt: error.clash.startsAt.toISOString(), endsAt: error.clash.endsAt.toISOString() },
        },
        409,
      );
    }
    if (error instanceof DomainError) {
      return refuse({ ...base, fieldErrors: { [error.field ?? "form"]: error.code }, values: submittedValues(form) }, 409);
    }
    throw error;
  }
}
