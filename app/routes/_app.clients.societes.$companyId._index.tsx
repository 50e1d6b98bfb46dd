import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { CustomerTimeline } from "~/components/customers/customer-timeline";
import { KeyFigures } from "~/components/customers/key-figures";
import { RatingSummaryCard } from "~/components/portal/satisfaction";
import { CompanySalesSection } from "~/components/sales/company-sales-section";
import { LogActivityLinks } from "~/components/sales/log-activity-links";
import { CompanyDocumentsSection } from "~/components/sales/company-documents-section";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { listCompanyContacts } from "~/domain/customers/contact-queries.server";
import { getCompanyProfile } from "~/domain/customers/customer-profiles.server";
import type { CompanySector } from "~/domain/customers/customer-vocabulary";
import { customerKeyFigures } from "~/domain/customers/key-figures.server";
import { customerTimeline } from "~/domain/customers/timeline.server";
import { timelineKindsFromParams } from "~/domain/customers/timeline/timeline-entry";
import { accessFor, can } from "~/domain/identity/permissions";
import { ratingSummary } from "~/domain/portal/satisfaction.server";
import { loadCompanySales } from "~/domain/sales/company-sales.server";
import { companySalesDocuments } from "~/domain/sales/company-documents.server";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.company.name ?? "Société"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const company = await getCompanyProfile(params.companyId ?? "");
  if (!company) throw notFound();
  const search = new URL(request.url).searchParams;
  const kinds = timelineKindsFromParams(search);
  const cursor = search.get("curseur");
  const canReadTickets = accessFor(user, "read:ticket") !== null;
  const [figures, timeline, contacts, satisfaction, sales, salesDocuments] = await Promise.all([
    customerKeyFigures(user, { companyId: company.id }),
    customerTimeline(user, { companyId: company.id, kinds, cursor }),
    listCompanyContacts(user, company.id),
    // Portal: the company's satisfaction ratings (app/domain/portal/satisfaction.server.ts).
    canReadTickets ? ratingSummary({ companyId: company.id }, { viewer: user }) : null,
    // Sales: lifecycle, deals and the service panel (app/components/sales/company-sales-section.tsx).
    loadCompanySales(user, company.id),
    // Sales: the company's contracts, latest quotes and orders (app/components/sales/company-documents-section.tsx).
    companySalesDocuments(user, company.id),
  ]);
  return {
    company,
    figures,
    timeline,
    kinds,
    startedFromCursor: Boolean(cursor),
    contacts,
    canEdit: can(user, "update:customer"),
    canCreate: can(user, "create:customer"),
    canReadTickets,
    satisfaction,
    sales,
    salesDocuments,
  };
}

export default function CompanyPage() {
  const { company, figures, timeline, kinds, startedFromCursor, contacts, canEdit, canCreate, canReadTickets, satisfaction, sales, salesDocuments } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const address = [company.street, [company.postalCode, company.city].filter(Boolean).join(" "), company.country !== "FR" ? company.country : ""].filter(Boolean);
  const subtitle = [t(`sector.${company.sector as CompanySector}`), company.size ? t("customers.company.sizeValue", { size: company.size }) : "", company.city].filter(Boolean).join(" · ");
  return (
    <>
      <Breadcrumb items={[{ label: t("clients.title"), to: "/clients" }, { label: t("customers.companies.title"), to: "/clients" }, { label: company.name }]} />
      <PageHeader
        title={company.name}
        description={subtitle}
        actions={
          <>
            {canCreate ? <ButtonLink to={`/clients/contacts/nouveau?societe=${company.id}`}>{t("customers.contacts.newAtCompany")}</ButtonLink> : null}
            {canEdit ? (
              <ButtonLink to={`/clients/societes/${company.id}/modifier`} variant="primary">
                {t("common.edit")}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <LogActivityLinks companyId={company.id} />
      {canReadTickets ? <KeyFigures figures={figures} /> : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="order-2 xl:order-1">
          <CustomerTimeline scope={{ kind: "company", id: company.id }} page={timeline} kinds={kinds} startedFromCursor={startedFromCursor} canReadTickets={canReadTickets} />
        </div>
        <div className="order-1 space-y-6 xl:order-2">
          {sales ? <CompanySalesSection {...sales} /> : null}
          <Card title={t("customers.company.details")}>
            <dl className="divide-y divide-slate-100">
              <Detail label={t("customers.company.domains")}>{company.domains.length > 0 ? company.domains.join(", ") : "—"}</Detail>
              <Detail label={t("customers.company.address")}>
                {address.length > 0 ? address.map((line) => <span key={line} className="block">{line}</span>) : "—"}
              </Detail>
              <Detail label={t("customers.company.phone")}>{company.phone ? <a href={`tel:${company.phone.replace(/[^+\d]/g, "")}`} className="text-brand-700 hover:underline">{company.phone}</a> : "—"}</Detail>
              <Detail label={t("customers.company.website")}>
                {company.website ? (
                  <a href={company.website} target="_blank" rel="noopener noreferrer" className="break-all text-brand-700 hover:underline">
                    {company.website.replace(/^https?:\/\//, "")}
                  </a>
                ) : (
                  "—"
                )}
              </Detail>
              <Detail label={t("customers.company.owner")}>{company.owner?.name ?? "—"}</Detail>
              {company.notes ? <Detail label={t("customers.company.notes")}><span className="whitespace-pre-line">{company.notes}</span></Detail> : null}
            </dl>
            <p className="mt-2 text-xs text-slate-500">{t("customers.company.since", { date: format.date(company.createdAt) })}</p>
          </Card>
          <Card
            title={t("customers.company.people")}
            actions={contacts.length > 0 ? <Link to={`/clients/contacts?societeId=${company.id}`} className="text-sm text-brand-700 hover:underline">{t("customers.company.allContacts")}</Link> : null}
          >
            {contacts.length === 0 ? (
              <p className="text-sm text-slate-600">{t("customers.company.noPeople")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {contacts.map((contact) => (
                  <li key={contact.id} className="flex items-start justify-between gap-3 py-2">
                    <div className="min-w-0">
                      <Link to={`/clients/contacts/${contact.id}`} className="font-medium text-brand-700 hover:underline">
                        {`${contact.firstName} ${contact.lastName}`.trim() || contact.primaryEmail || t("customers.contacts.unnamed")}
                      </Link>
                      {contact.companyManager ? <span className="ml-2"><Badge tone="violet">{t("customers.company.manager")}</Badge></span> : null}
                      <p className="truncate text-xs text-slate-500">{[contact.jobTitle, contact.primaryEmail].filter(Boolean).join(" · ")}</p>
                    </div>
                    {canReadTickets && contact.openTicketCount > 0 ? (
                      <span className="shrink-0 whitespace-nowrap">
                        <Badge tone="amber">{t("customers.company.openCount", { count: format.number(contact.openTicketCount) })}</Badge>
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {satisfaction ? <RatingSummaryCard summary={satisfaction} /> : null}
          {salesDocuments ? <CompanyDocumentsSection companyId={company.id} documents={salesDocuments} /> : null}
        </div>
      </div>
    </>
  );
}
