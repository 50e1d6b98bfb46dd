import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/layout";
import { customerPath } from "~/domain/customers/customer-errors";
import { mergeFormSchema } from "~/domain/customers/customer-schemas";
import type { CompanySector } from "~/domain/customers/customer-vocabulary";
import { mergeCompanies, mergeContacts, mergePreview } from "~/domain/customers/merge.server";
import { DomainError } from "~/domain/errors";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Fusionner · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:customer");
  const search = new URL(request.url).searchParams;
  const kind = search.get("type");
  const firstId = (search.get("a") ?? "").slice(0, 40);
  const secondId = (search.get("b") ?? "").slice(0, 40);
  if ((kind !== "contact" && kind !== "company") || !firstId || !secondId) throw notFound();
  const preview = await mergePreview(user, kind, firstId, secondId);
  if (!preview) throw notFound();
  // Suggest keeping the record with the most history, else the older one.
  const [a, b] = preview.records;
  const keepFirst = a.tickets !== b.tickets ? a.tickets > b.tickets : new Date(a.createdAt) <= new Date(b.createdAt);
  return { preview, firstId, secondId, suggestedKeepId: keepFirst ? a.id : b.id };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:customer");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, mergeFormSchema);
  if (!parsed.ok) return redirectWithToast("/clients/doublons", { kind: "error", message: "customers.merge.invalidPair" });
  const { kind, keepId, mergeId } = parsed.data;
  try {
    const result = kind === "contact" ? await mergeContacts({ keepId, mergeId, actorId: user.id }) : await mergeCompanies({ keepId, mergeId, actorId: user.id });
    return redirectWithToast(customerPath({ kind, id: keepId }), { kind: "success", message: "customers.merge.done", params: { tickets: result.moved.tickets } });
  } catch (error) {
    if (error instanceof DomainError) return redirectWithToast("/clients/doublons", { kind: "error", message: error.code });
    throw error;
  }
}

export default function MergePage() {
  const { preview, firstId, secondId, suggestedKeepId } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const navigation = useNavigation();
  return (
    <>
      <Breadcrumb items={[{ label: t("clients.title"), to: "/clients" }, { label: t("customers.duplicates.title"), to: "/clients/doublons" }, { label: t("customers.merge.title") }]} />
      <PageHeader title={t("customers.merge.title")} description={t("customers.merge.intro")} />
      <Form method="post" className="max-w-5xl space-y-6">
        <CsrfField />
        <input type="hidden" name="kind" value={preview.kind} />
        <input type="hidden" name="firstId" value={firstId} />
        <input type="hidden" name="secondId" value={secondId} />
        <fieldset>
          <legend className="sr-only">{t("customers.merge.keep")}</legend>
          <div className="grid gap-4 md:grid-cols-2">
            {preview.kind === "contact"
              ? preview.records.map((record, index) => (
                  <label key={record.id} className="block cursor-pointer rounded-lg border border-slate-200 bg-white p-4 shadow-sm has-[:checked]:border-brand-600 has-[:checked]:ring-2 has-[:checked]:ring-brand-600">
                    <span className="flex items-center gap-2 text-sm font-medium text-slate-900">
                      <input type="radio" name="keepId" value={record.id} defaultChecked={record.id === suggestedKeepId} className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-600" />
                      {t("customers.merge.keep")} — {t("customers.merge.record", { position: index + 1 })}
                    </span>
                    <dl className="mt-3 space-y-1 text-sm">
                      <Row label={t("customers.contacts.colName")}>{record.name || t("customers.contacts.unnamed")}</Row>
                      <Row label={t("customers.contact.jobTitle")}>{record.jobTitle || "—"}</Row>
                      <Row label={t("customers.contact.company")}>{record.company?.name ?? t("customers.contacts.noCompany")}</Row>
                      <Row label={t("customers.contact.emails")}>{record.emails.map((email) => email.address).join(", ") || "—"}</Row>
                      <Row label={t("customers.contact.phone")}>{record.phone || "—"}</Row>
                      <Row label={t("customers.merge.tickets")}>{format.number(record.tickets)}</Row>
                      <Row label={t("customers.merge.messages")}>{format.number(record.messages)}</Row>
                      <Row label={t("customers.merge.created")}>{format.date(record.createdAt)}</Row>
                    </dl>
                  </label>
                ))
              : preview.records.map((record, index) => (
                  <label key={record.id} className="block cursor-pointer rounded-lg border border-slate-200 bg-white p-4 shadow-sm has-[:checked]:border-brand-600 has-[:checked]:ring-2 has-[:checked]:ring-brand-600">
                    <span className="flex items-center gap-2 text-sm font-medium text-slate-900">
                      <input type="radio" name="keepId" value={record.id} defaultChecked={record.id === suggestedKeepId} className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-600" />
                      {t("customers.merge.keep")} — {t("customers.merge.record", { position: index + 1 })}
                    </span>
                    <dl className="mt-3 space-y-1 text-sm">
                      <Row label={t("clients.colName")}>{record.name}</Row>
                      <Row label={t("customers.company.sector")}>{t(`sector.${record.sector as CompanySector}`)}</Row>
                      <Row label={t("customers.company.city")}>{record.city || "—"}</Row>
                      <Row label={t("customers.company.domains")}>{record.domains.map((row) => row.domain).join(", ") || "—"}</Row>
                      <Row label={t("customers.company.website")}>{record.website || "—"}</Row>
                      <Row label={t("customers.company.owner")}>{record.owner?.name ?? "—"}</Row>
                      <Row label={t("customers.merge.contacts")}>{format.number(record.contacts)}</Row>
                      <Row label={t("customers.merge.tickets")}>{format.number(record.tickets)}</Row>
                      <Row label={t("customers.merge.created")}>{format.date(record.createdAt)}</Row>
                    </dl>
                  </label>
                ))}
          </div>
        </fieldset>
        <div className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p>{t("customers.merge.whatMoves")}</p>
          <p className="mt-1 font-medium">{t("customers.merge.irreversible")}</p>
        </div>
        <div className="flex gap-3">
          <Button type="submit" variant="danger" disabled={navigation.state === "submitting"}>
            {t("customers.merge.submit")}
          </Button>
          <ButtonLink to="/clients/doublons">{t("common.cancel")}</ButtonLink>
        </div>
      </Form>
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="col-span-2 break-words text-slate-900">{children}</dd>
    </div>
  );
}
