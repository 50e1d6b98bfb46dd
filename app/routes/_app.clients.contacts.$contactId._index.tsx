import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactConsentCard } from "~/components/marketing/contact-consent-card";
import { ContactPrivacyCard } from "~/components/privacy/contact-privacy-card";
import { contactErasure } from "~/domain/privacy/erasure.server";
import { DomainError } from "~/domain/errors";
import { contactConsents, recordStaffConsent, staffConsentSchema } from "~/domain/marketing/consent/contact-consents.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { CustomerTimeline } from "~/components/customers/customer-timeline";
import { KeyFigures } from "~/components/customers/key-figures";
import { useI18n } from "~/components/i18n";
import { LogActivityLinks } from "~/components/sales/log-activity-links";
import { ButtonLink } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { getContactProfile } from "~/domain/customers/customer-profiles.server";
import { customerKeyFigures } from "~/domain/customers/key-figures.server";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { timelineKindsFromParams } from "~/domain/customers/timeline/timeline-entry";
import { accessFor, can } from "~/domain/identity/permissions";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { PersonalDataCard } from "~/components/privacy/personal-data-card";
import { personalDataExportsOf } from "~/domain/privacy/personal-data-exports.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.contact.name || "Contact"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const contact = await getContactProfile(params.contactId ?? "");
  if (!contact) throw notFound();
  const search = new URL(request.url).searchParams;
  const kinds = timelineKindsFromParams(search);
  const cursor = search.get("curseur");
  const [figures, timeline, consents, personalDataExports, erasure] = await Promise.all([
    customerKeyFigures(user, { contactId: contact.id }),
    customerTimeline(user, { contactId: contact.id, kinds, cursor }),
    contactConsents(contact.id),
    can(user, "read:privacy") ? personalDataExportsOf(contact.id) : null,
    contactErasure(contact.id),
  ]);
  return {
    contact,
    consents,
    canRecordConsent: mayRecordConsent(user),
    figures,
    timeline,
    kinds,
    startedFromCursor: Boolean(cursor),
    canEdit: can(user, "update:customer"),
    canReadTickets: accessFor(user, "read:ticket") !== null,
    personalDataExports,
    privacy: { erasedAt: erasure?.erasedAt?.toISOString() ?? null, canErase: can(user, "delete:privacy") },
  };
}

/** Consent is recorded by hand by those who keep the customer record and by marketing. */
function mayRecordConsent(user: Parameters<typeof can>[0]) {
  return can(user, "update:customer") || can(user, "update:campaign");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  if (!mayRecordConsent(user)) throw notFound();
  const contact = await getContactProfile(params.contactId ?? "");
  if (!contact) throw notFound();
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, staffConsentSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, formError: null as MessageKey | null }, { status: 400 });
  try {
    const outcome = await recordStaffConsent(user.id, contact.id, parsed.data);
    return redirectWithToast(`/clients/contacts/${contact.id}#consentement`, { kind: outcome === "changed" ? "success" : "info", message: outcome === "changed" ? "consent.staff.saved" : "consent.staff.unchanged" });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: (error.field ? { [error.field]: error.code } : {}) as FieldErrors, formError: error.code }, { status: 400 });
    throw error;
  }
}

export default function ContactPage() {
  const actionData = useActionData<typeof action>();
  const { consents, canRecordConsent, contact, figures, timeline, kinds, startedFromCursor, canEdit, canReadTickets, personalDataExports, privacy } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const name = contact.name || t("customers.contacts.unnamed");
  return (
    <>
      <Breadcrumb
        items={[
          { label: t("clients.title"), to: "/clients" },
          contact.company ? { label: contact.company.name, to: `/clients/societes/${contact.company.id}` } : { label: t("customers.contacts.title"), to: "/clients/contacts" },
          { label: name },
        ]}
      />
      <PageHeader
        title={name}
        description={[contact.jobTitle, contact.company?.name].filter(Boolean).join(" · ") || undefined}
        actions={
          canEdit && !privacy.erasedAt ? (
            <ButtonLink to={`/clients/contacts/${contact.id}/modifier`} variant="primary">
              {t("common.edit")}
            </ButtonLink>
          ) : null
        }
      />
      <LogActivityLinks contactId={contact.id} />
      {canReadTickets ? <KeyFigures figures={figures} /> : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="order-2 xl:order-1">
          <CustomerTimeline scope={{ kind: "contact", id: contact.id }} page={timeline} kinds={kinds} startedFromCursor={startedFromCursor} canReadTickets={canReadTickets} />
        </div>
        <div className="order-1 xl:order-2">
          <Card title={t("customers.contact.details")}>
            <dl className="divide-y divide-slate-100">
              <Detail label={t("customers.contact.emails")}>
                {contact.emails.length === 0 ? (
                  "—"
                ) : (
                  <ul className="space-y-1">
                    {contact.emails.map((email) => (
                      <li key={email.address} className="flex flex-wrap items-center gap-2">
                        <a href={`mailto:${email.address}`} className="break-all text-brand-700 hover:underline">
                          {email.address}
                        </a>
                        {email.isPrimary ? <Badge tone="blue">{t("customers.contact.primary")}</Badge> : null}
                        {email.bouncedAt ? <Badge tone="red">{t("customers.contact.bounced")}</Badge> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </Detail>
              <Detail label={t("customers.contact.phone")}>
                {contact.phone ? (
                  <a href={`tel:${contact.phone.replace(/[^+\d]/g, "")}`} className="text-brand-700 hover:underline">
                    {contact.phone}
                  </a>
                ) : (
                  "—"
                )}
              </Detail>
              <Detail label={t("customers.contact.company")}>
                {contact.company ? (
                  <Link to={`/clients/societes/${contact.company.id}`} className="text-brand-700 hover:underline">
                    {contact.company.name}
                  </Link>
                ) : (
                  t("customers.contacts.noCompany")
                )}
                {contact.companyManager ? <span className="ml-2"><Badge tone="violet">{t("customers.company.manager")}</Badge></span> : null}
              </Detail>
              <Detail label={t("customers.contact.language")}>{t(contact.language === "en" ? "locale.en" : "locale.fr")}</Detail>
              <Detail label={t("customers.contact.consentLegend")}>
                <a href="#consentement" className="text-brand-700 hover:underline">
                  {t(`consent.state.${(consents.find((entry) => entry.isPrimary) ?? consents[0])?.state ?? "none"}` as MessageKey)}
                </a>
              </Detail>
              <Detail label={t("customers.contact.portal")}>{contact.portalAccess ? t("customers.contact.portalOn") : t("customers.contact.portalOff")}</Detail>
            </dl>
            <p className="mt-2 text-xs text-slate-500">{t("customers.contact.since", { date: format.date(contact.createdAt) })}</p>
          </Card>
          <ContactConsentCard addresses={consents} canRecord={canRecordConsent} fieldErrors={actionData?.fieldErrors} formError={actionData?.formError} />
          {personalDataExports ? <PersonalDataCard contactId={contact.id} exports={personalDataExports} /> : null}
          <ContactPrivacyCard contactId={contact.id} erasedAt={privacy.erasedAt} canErase={privacy.canErase} />
        </div>
      </div>
    </>
  );
}
