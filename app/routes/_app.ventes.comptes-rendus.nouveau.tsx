import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { VisitReportForm, visitReportValuesAfter } from "~/components/sales/visit-report-form";
import { Card, PageHeader } from "~/components/ui/layout";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { DomainError } from "~/domain/errors";
import { linkChoices } from "~/domain/sales/activity-queries.server";
import { AppointmentAlreadyReportedError, createVisitReport } from "~/domain/sales/visit-report-commands.server";
import { newVisitReportDefaults, reportOfAppointment } from "~/domain/sales/visit-report-queries.server";
import { visitReportSchema } from "~/domain/sales/visit-report-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouveau compte rendu · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const search = new URL(request.url).searchParams;
  const activityId = search.get("activityId") || null;
  if (activityId) {
    const existing = await reportOfAppointment(user, activityId);
    if (existing) throw redirect(`/ventes/comptes-rendus/${existing}`);
  }
  const defaults = await newVisitReportDefaults(user, { activityId, companyId: search.get("companyId") || null, dealId: search.get("dealId") || null }, new Date());
  const choices = await linkChoices(user, defaults.companyId, { dealId: defaults.dealId, ticketId: defaults.ticketIds[0] ?? null });
  return {
    defaults,
    choices,
    cancelTo: defaults.appointment ? `/ventes/activites/${defaults.appointment.id}` : defaults.companyId ? `/clients/societes/${defaults.companyId}` : "/ventes/agenda",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const form = await readProtectedForm(request);
  const company = await resolveCompanyChoice(form);
  const parsed = parseForm(form, visitReportSchema);
  const refuse = async (fieldErrors: FieldErrors, status = 400, formError: MessageKey | null = null) =>
    data({ fieldErrors, values: submittedValues(form), formError, choices: await linkChoices(user, String(form.get("companyId") ?? "") || null) }, { status });
  if (!parsed.ok || !company.ok) return refuse({ ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyId: company.error }) });
  try {
    const { reportId } = await createVisitReport({ viewer: user, form: parsed.data });
    return redirectWithToast(`/ventes/comptes-rendus/${reportId}`, { kind: "success", message: parsed.data.activityId ? "sales.visit.createdForAppointment" : "sales.visit.created" });
  } catch (error) {
    if (error instanceof AppointmentAlreadyReportedError) return redirectWithToast(`/ventes/comptes-rendus/${error.reportId}`, { kind: "info", message: "sales.visit.alreadyReported" });
    if (error instanceof DomainError) return error.field ? refuse({ [error.field]: error.code }) : refuse({}, 409, error.code);
    throw error;
  }
}

export default function NewVisitReportPage() {
  const { defaults, choices, cancelTo } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t } = useI18n();
  const translated = refusal ? { ...refusal, formError: refusal.formError ? t(refusal.formError) : null } : null;
  return (
    <>
      <PageHeader title={t("sales.visit.new")} description={defaults.companyName || t("sales.visit.newDescription")} />
      <Card className="max-w-3xl">
        <VisitReportForm
          purpose="create"
          appointment={defaults.appointment}
          values={visitReportValuesAfter(translated, {
            date: defaults.date,
            time: defaults.time,
            companyId: defaults.companyId ?? "",
            companyName: defaults.companyName,
            contactId: defaults.contactId ?? "",
            dealId: defaults.dealId ?? "",
            activityId: defaults.appointment?.id ?? "",
            attendees: defaults.attendees,
            objectives: defaults.objectives,
            discussion: "",
            outcome: "",
            ticketIds: defaults.ticketIds,
            nextSteps: [],
          })}
          choices={refusal?.choices ?? choices}
          refusal={translated}
          submitLabel={t("sales.visit.save")}
          cancelTo={cancelTo}
        />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
