import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { DealConflict, type DealConflictData } from "~/components/sales/deal-conflict";
import { DealForm } from "~/components/sales/deal-form";
import { PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { updateDeal } from "~/domain/sales/deal-commands.server";
import { companyContactChoices, dealConflictSnapshot, dealFormStrings, dealOwnerChoices, getDealForEdit } from "~/domain/sales/deal-queries.server";
import { dealUpdateSchema } from "~/domain/sales/deal-schemas";
import { DealConflictError } from "~/domain/sales/deal-stage-moves.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { type FieldErrors, parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.deal.title ?? "Affaire"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const deal = await getDealForEdit(user, params.dealId ?? "");
  if (!deal) throw notFound();
  const [contacts, owners] = await Promise.all([companyContactChoices(deal.companyId), dealOwnerChoices(user)]);
  // The current owner stays selectable (a manager's deal seen by its manager, an owner who left sales).
  if (!owners.some((owner) => owner.id === deal.owner.id)) owners.unshift(deal.owner);
  if (deal.contactId && !contacts.some((contact) => contact.id === deal.contactId)) {
    const all = await companyContactChoices(deal.companyId, 10_000);
    const current = all.find((contact) => contact.id === deal.contactId);
    if (current) contacts.unshift(current);
  }
  return { deal: { id: deal.id, title: deal.title, companyName: deal.company.name, version: deal.version, fields: dealFormStrings(deal) }, contacts, owners };
}

type ActionResult = { fieldErrors: FieldErrors; values: Record<string, string | string[]>; formError: MessageKey | null; conflict?: DealConflictData };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const dealId = params.dealId ?? "";
  if (!(await getDealForEdit(user, dealId))) throw notFound();
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, dealUpdateSchema);
  if (!parsed.ok) {
    const { version, ...fieldErrors } = parsed.fieldErrors;
    return data<ActionResult>({ fieldErrors, values: parsed.values, formError: version ? "sales.staleForm" : null }, { status: 400 });
  }
  try {
    const { changes } = await updateDeal(user, dealId, parsed.data);
    return redirectWithToast(`/ventes/affaires/${dealId}`, changes.length > 0 ? { kind: "success", message: "sales.deal.saved" } : { kind: "info", message: "sales.deal.nothingChanged" });
  } catch (error) {
    const values = submittedValues(form);
    if (error instanceof DealConflictError) {
      const conflict = await dealConflictSnapshot(dealId, values);
      if (!conflict) throw notFound();
      return data<ActionResult>({ fieldErrors: {}, values, formError: null, conflict }, { status: 409 });
    }
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return data<ActionResult>({ fieldErrors: error.field ? { [error.field]: error.code } : {}, values, formError: error.field ? null : error.code }, { status: 409 });
    }
    throw error;
  }
}

export default function EditDealPage() {
  const { deal, contacts, owners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const here = `/ventes/affaires/${deal.id}`;
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.tabs.deals"), to: "/ventes/affaires" }, { label: deal.title, to: here }, { label: t("sales.deal.edit") }]} />
      <PageHeader title={t("sales.deal.edit")} description={deal.title} />
      {result?.conflict ? <DealConflict dealId={deal.id} values={result.values} conflict={result.conflict} /> : null}
      <DealForm
        key={result?.conflict ? `conflict-${result.conflict.version}` : `v${deal.version}`}
        values={{ ...deal.fields, companyName: deal.companyName, version: deal.version }}
        contacts={contacts}
        owners={owners}
        feedback={result?.conflict ? undefined : result}
        submitLabel={t("common.save")}
        cancelTo={here}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
