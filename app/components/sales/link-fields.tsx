import { useFetcher } from "@remix-run/react";
import { type FocusEvent, type ReactNode, useState } from "react";
import type { LinkChoices } from "~/domain/sales/activity-queries.server";
import { CompanyPicker } from "../customers/company-picker";
import { useI18n } from "../i18n";
import { SelectField } from "../ui/field";

export const linkChoicesPath = (companyId: string) => `/ventes/activites/liens?societe=${encodeURIComponent(companyId)}`;

/**
 * The company of a sales form, and what depends on it: its contacts, its deals and its tickets.
 * The lists are those of the company the page was loaded with; when another company is picked,
 * they are fetched again as the focus leaves the company field (without JavaScript the server
 * still checks that everything belongs to the company that was typed).
 */
export function useCompanyLinks(initial: { companyId: string; choices: LinkChoices }) {
  const fetcher = useFetcher<LinkChoices & { companyId: string }>();
  const [companyId, setCompanyId] = useState(initial.companyId);
  const choices =
    companyId === initial.companyId ? initial.choices : companyId && fetcher.data?.companyId === companyId ? fetcher.data : noChoices;
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const picked = event.currentTarget.querySelector<HTMLInputElement>('input[name="companyId"]')?.value ?? "";
    if (picked === companyId) return;
    setCompanyId(picked);
    if (picked && picked !== initial.companyId) fetcher.load(linkChoicesPath(picked));
  };
  return { choices, onBlur };
}

const noChoices: LinkChoices = { contacts: [], deals: [], tickets: [] };

export function CompanyField({
  companyId,
  companyName,
  error,
  onBlur,
  hint,
}: {
  companyId: string;
  companyName: string;
  error: string | null;
  onBlur: (event: FocusEvent<HTMLDivElement>) => void;
  hint?: string;
}) {
  const { t } = useI18n();
  return (
    <div onBlur={onBlur}>
      <CompanyPicker label={t("sales.links.company")} defaultId={companyId} defaultName={companyName} error={error} hint={hint ?? t("sales.links.companyHint")} />
    </div>
  );
}

export function ContactField({ choices, value, error }: { choices: LinkChoices; value: string; error: string | null }) {
  const { t } = useI18n();
  return (
    <SelectField
      key={`contact-${choices.contacts.length}-${value}`}
      label={t("sales.links.contact")}
      name="contactId"
      defaultValue={value}
      error={error}
      options={[{ value: "", label: t("sales.links.noContact") }, ...choices.contacts.map((contact) => ({ value: contact.id, label: contact.phone ? `${contact.name} · ${contact.phone}` : contact.name }))]}
    />
  );
}

export function DealField({ choices, value, error }: { choices: LinkChoices; value: string; error: string | null }) {
  const { t } = useI18n();
  return (
    <SelectField
      key={`deal-${choices.deals.length}-${value}`}
      label={t("sales.links.deal")}
      name="dealId"
      defaultValue={value}
      error={error}
      options={[{ value: "", label: t("sales.links.noDeal") }, ...choices.deals.map((deal) => ({ value: deal.id, label: deal.title }))]}
    />
  );
}

export function TicketField({ choices, value, error }: { choices: LinkChoices; value: string; error: string | null }) {
  const { t } = useI18n();
  return (
    <SelectField
      key={`ticket-${choices.tickets.length}-${value}`}
      label={t("sales.links.ticket")}
      name="ticketId"
      defaultValue={value}
      error={error}
      options={[{ value: "", label: t("sales.links.noTicket") }, ...choices.tickets.map((ticket) => ({ value: ticket.id, label: `#${ticket.number} ${ticket.subject}` }))]}
    />
  );
}

/** A definition list row of a sales record's page. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
