import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ActivityForm, activityValuesAfter, type ActivityFormValues } from "~/components/sales/activity-form";
import { cn } from "~/components/ui/cn";
import { Card, PageHeader } from "~/components/ui/layout";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { DomainError } from "~/domain/errors";
import { accessFor } from "~/domain/identity/permissions";
import { createActivity } from "~/domain/sales/activity-commands.server";
import { newActivityTimes } from "~/domain/sales/activity-defaults";
import { linkChoices, newActivityLinks } from "~/domain/sales/activity-queries.server";
import { ACTIVITY_KINDS, activitySchema, isActivityKind } from "~/domain/sales/activity-schemas";
import { salesOwners } from "~/domain/sales/sales-links.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouvelle activité · Comptoir" }];

const linkParams = ["companyId", "contactId", "dealId", "ticketId"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const search = new URL(request.url).searchParams;
  const requestedKind = search.get("kind");
  const kind = isActivityKind(requestedKind) ? requestedKind : "task";
  const asked = Object.fromEntries(linkParams.map((name) => [name, search.get(name) || null])) as Record<(typeof linkParams)[number], string | null>;
  const links = await newActivityLinks(user, asked);
  const [choices, owners] = await Promise.all([
    linkChoices(user, links.companyId, { dealId: links.dealId, ticketId: links.ticketId }),
    accessFor(user, "create:deal") === "any" ? salesOwners() : null,
  ]);
  const times = newActivityTimes(kind, new Date());
  const values: ActivityFormValues = {
    kind,
    subject: "",
    notes: "",
    ownerId: user.id,
    ...times,
    mode: kind === "appointment" ? "onsite" : "",
    location: kind === "appointment" ? links.companyAddress : "",
    companyId: links.companyId ?? "",
    companyName: links.companyName,
    contactId: links.contactId ?? "",
    dealId: links.dealId ?? "",
    ticketId: links.ticketId ?? "",
  };
  const kindLinks = ACTIVITY_KINDS.map((other) => {
    const params = new URLSearchParams(search);
    params.set("kind", other);
    return { kind: other, to: `/ventes/activites/nouvelle?${params.toString()}` };
  });
  return { kind, values, choices, owners, kindLinks, cancelTo: links.companyId ? `/clients/societes/${links.companyId}` : "/ventes/agenda" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:deal");
  const form = await readProtectedForm(request);
  const company = await resolveCompanyChoice(form);
  const parsed = parseForm(form, activitySchema);
  const refuse = async (fieldErrors: FieldErrors, status = 400, formError: MessageKey | null = null) =>
    data({ fieldErrors, values: submittedValues(form), formError, choices: await linkChoices(user, String(form.get("companyId") ?? "") || null) }, { status });
  if (!parsed.ok || !company.ok) return refuse({ ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyId: company.error }) });
  try {
    const { activityId } = await createActivity({ viewer: user, form: parsed.data });
    return redirectWithToast(`/ventes/activites/${activityId}`, { kind: "success", message: `sales.activity.created.${parsed.data.kind}` });
  } catch (error) {
    if (error instanceof DomainError) return error.field ? refuse({ [error.field]: error.code }) : refuse({}, 409, error.code);
    throw error;
  }
}

export default function NewActivityPage() {
  const { kind, values, choices, owners, kindLinks, cancelTo } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t(`sales.activity.new.${kind}`)} description={t("sales.activity.new.description")} />
      <nav className="mb-4 flex flex-wrap gap-2" aria-label={t("sales.activity.new.kinds")}>
        {kindLinks.map((link) => (
          <Link
            key={link.kind}
            to={link.to}
            aria-current={link.kind === kind ? "page" : undefined}
            className={cn(
              "rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600",
              link.kind === kind ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
            )}
          >
            {t(`sales.activity.kind.${link.kind}`)}
          </Link>
        ))}
      </nav>
      <Card className="max-w-3xl">
        <ActivityForm
          purpose="create"
          values={activityValuesAfter(refusal ? { ...refusal, formError: refusal.formError ? t(refusal.formError) : null } : null, values)}
          owners={owners}
          choices={refusal?.choices ?? choices}
          refusal={refusal ? { ...refusal, formError: refusal.formError ? t(refusal.formError) : null } : null}
          submitLabel={t(`sales.activity.submit.${kind}`)}
          cancelTo={cancelTo}
        />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
