import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isMailable, isSuppressed } from "~/domain/marketing/consent/consent-states";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ClientsTabs } from "~/components/customers/clients-nav";
import { Pager } from "~/components/customers/pager";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Badge, EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { companyRef } from "~/domain/customers/company-queries.server";
import { searchContacts } from "~/domain/customers/contact-queries.server";
import { contactFiltersOf, contactListSearch } from "~/domain/customers/customer-list-filters";
import { ExportForm } from "~/components/exports/export-form";
import { accessFor, can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Contacts · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const params = new URL(request.url).searchParams;
  const search = contactListSearch(params);
  const company = await companyRef(search.companyId);
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const result = await searchContacts(user, contactFiltersOf(search, company?.id), page);
  return {
    filters: { query: search.query, companyName: search.companyName, consent: search.consent },
    company,
    ...result,
    canCreate: can(user, "create:customer"),
    canReadTickets: accessFor(user, "read:ticket") !== null,
    canExport: can(user, "export:customer"),
  };
}

export default function ContactsPage() {
  const { filters, company, contacts, total, page, pageCount, canCreate, canReadTickets, canExport } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const filtered = Boolean(filters.query || filters.companyName || filters.consent || company);
  return (
    <>
      <PageHeader
        title={t("clients.title")}
        actions={
          canCreate ? (
            <ButtonLink to={company ? `/clients/contacts/nouveau?societe=${company.id}` : "/clients/contacts/nouveau"} variant="primary">
              {t("customers.contacts.new")}
            </ButtonLink>
          ) : null
        }
      />
      <ClientsTabs />
      {company ? (
        <p className="mb-3 flex flex-wrap items-center gap-3 text-sm">
          <span className="font-medium text-slate-900">{t("customers.contacts.onlyCompany", { name: company.name })}</span>
          <Link to="/clients/contacts" className="text-brand-700 hover:underline">
            {t("customers.contacts.clearCompany")}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        {company ? <input type="hidden" name="societeId" value={company.id} /> : null}
        <TextField label={t("common.search")} name="q" type="search" defaultValue={filters.query} placeholder={t("customers.contacts.searchPlaceholder")} className="w-full sm:w-64" />
        {company ? null : <TextField label={t("customers.contacts.companyFilter")} name="societe" defaultValue={filters.companyName} className="w-full sm:w-52" />}
        <SelectField
          label={t("customers.filters.consent")}
          name="consentement"
          defaultValue={filters.consent}
          className="w-52"
          options={[
            { value: "", label: t("common.all") },
            { value: "oui", label: t("customers.filters.consentYes") },
            { value: "non", label: t("customers.filters.consentNo") },
          ]}
        />
        <Button type="submit" variant="secondary">
          {t("common.filter")}
        </Button>
        {filtered ? (
          <Link to="/clients/contacts" className="py-2 text-sm text-brand-700 hover:underline">
            {t("customers.filters.reset")}
          </Link>
        ) : null}
      </Form>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {t("customers.contacts.count", { count: format.number(total) })}
        </p>
        {canExport ? <ExportForm action="/clients/contacts/export.csv" /> : null}
      </div>
      {contacts.length === 0 ? (
        <EmptyState>{t("customers.contacts.empty")}</EmptyState>
      ) : (
        <Table caption={t("customers.contacts.title")}>
          <thead>
            <tr>
              <Th>{t("customers.contacts.colName")}</Th>
              <Th>{t("customers.contacts.colCompany")}</Th>
              <Th className="hidden md:table-cell">{t("customers.contacts.colEmail")}</Th>
              <Th className="hidden lg:table-cell">{t("customers.contacts.colPhone")}</Th>
              <Th>{t("customers.contacts.colConsent")}</Th>
              {canReadTickets ? <Th>{t("clients.colOpenTickets")}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {contacts.map((contact) => (
              <tr key={contact.id}>
                <Td>
                  <Link to={`/clients/contacts/${contact.id}`} className="font-medium text-brand-700 hover:underline">
                    {`${contact.firstName} ${contact.lastName}`.trim() || contact.primaryEmail || t("customers.contacts.unnamed")}
                  </Link>
                  {contact.jobTitle ? <span className="block text-xs text-slate-500">{contact.jobTitle}</span> : null}
                </Td>
                <Td>
                  {contact.company ? (
                    <Link to={`/clients/societes/${contact.company.id}`} className="hover:underline">
                      {contact.company.name}
                    </Link>
                  ) : (
                    <span className="text-slate-500">{t("customers.contacts.noCompany")}</span>
                  )}
                </Td>
                <Td className="hidden md:table-cell">{contact.primaryEmail || "—"}</Td>
                <Td className="hidden whitespace-nowrap lg:table-cell">{contact.phone || "—"}</Td>
                <Td>{isMailable(contact.consentState) ? <Badge tone="green">{t(`consent.state.${contact.consentState}`)}</Badge> : <Badge tone={isSuppressed(contact.consentState) ? "red" : "slate"}>{t(`consent.state.${contact.consentState}`)}</Badge>}</Td>
                {canReadTickets ? <Td className="tabular-nums">{format.number(contact.openTicketCount)}</Td> : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager page={page} pageCount={pageCount} />
    </>
  );
}
