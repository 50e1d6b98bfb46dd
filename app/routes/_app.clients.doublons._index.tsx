import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ClientsTabs } from "~/components/customers/clients-nav";
import { DuplicateReasons } from "~/components/customers/duplicate-reasons";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { describeRefusal } from "~/domain/customers/customer-errors";
import { dismissDuplicateSchema } from "~/domain/customers/customer-schemas";
import { companyDuplicateSuggestions, contactDuplicateSuggestions } from "~/domain/customers/duplicate-suggestions.server";
import type { DuplicateReason } from "~/domain/customers/duplicates";
import { dismissDuplicate } from "~/domain/customers/merge.server";
import { can } from "~/domain/identity/permissions";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Doublons · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:customer");
  const [contacts, companies] = await Promise.all([contactDuplicateSuggestions(), companyDuplicateSuggestions()]);
  return { contacts, companies, canMerge: can(user, "update:customer") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:customer");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, dismissDuplicateSchema);
  if (!parsed.ok) return redirectWithToast("/clients/doublons", { kind: "error", message: "customers.merge.invalidPair" });
  try {
    await dismissDuplicate({ ...parsed.data, actorId: user.id });
  } catch (error) {
    const refusal = describeRefusal(error, submittedValues(form));
    if (!refusal) throw error;
    return redirectWithToast("/clients/doublons", { kind: "error", message: refusal.formError ?? "customers.merge.recordGone" });
  }
  return redirectWithToast("/clients/doublons", { kind: "success", message: "customers.duplicates.dismissed" });
}

function PairCard({
  kind,
  firstId,
  secondId,
  reasons,
  first,
  second,
  canMerge,
}: {
  kind: "contact" | "company";
  firstId: string;
  secondId: string;
  reasons: DuplicateReason[];
  first: ReactNode;
  second: ReactNode;
  canMerge: boolean;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="duplicate-pair">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="min-w-0">{first}</div>
        <div className="min-w-0">{second}</div>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("customers.duplicates.reasons")}</span>
          <DuplicateReasons reasons={reasons} />
        </div>
        {canMerge ? (
          <div className="flex flex-wrap items-center gap-2">
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="firstId" value={firstId} />
              <input type="hidden" name="secondId" value={secondId} />
              <Button type="submit" variant="ghost" size="sm" disabled={navigation.state === "submitting"}>
                {t("customers.duplicates.dismiss")}
              </Button>
            </Form>
            <ButtonLink to={`/clients/doublons/fusion?type=${kind}&a=${firstId}&b=${secondId}`} size="sm" variant="primary">
              {t("customers.duplicates.merge")}
            </ButtonLink>
          </div>
        ) : null}
      </div>
    </li>
  );
}

export default function DuplicatesPage() {
  const { contacts, companies, canMerge } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("clients.title")} />
      <ClientsTabs />
      <p className="mb-6 max-w-3xl text-sm text-slate-600">{t("customers.duplicates.intro")}</p>
      {contacts.refreshing || companies.refreshing ? (
        <p role="status" className="mb-6 max-w-3xl rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 ring-1 ring-inset ring-sky-200">
          {t("customers.duplicates.refreshing")}
        </p>
      ) : null}

      <section aria-labelledby="duplicate-contacts" className="mb-10">
        <h2 id="duplicate-contacts" className="mb-1 text-lg font-semibold">
          {t("customers.duplicates.contacts")}
        </h2>
        {contacts.total > contacts.pairs.length ? (
          <p className="mb-3 text-sm text-slate-600">{t("customers.duplicates.shown", { shown: contacts.pairs.length, total: contacts.total })}</p>
        ) : null}
        {contacts.pairs.length === 0 ? (
          <EmptyState>{t("customers.duplicates.none")}</EmptyState>
        ) : (
          <ul className="mt-3 space-y-3">
            {contacts.pairs.map((pair) => (
              <PairCard
                key={`${pair.firstId}|${pair.secondId}`}
                kind="contact"
                firstId={pair.firstId}
                secondId={pair.secondId}
                reasons={pair.reasons}
                canMerge={canMerge}
                first={<ContactSummary contact={pair.first} />}
                second={<ContactSummary contact={pair.second} />}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="duplicate-companies">
        <h2 id="duplicate-companies" className="mb-1 text-lg font-semibold">
          {t("customers.duplicates.companies")}
        </h2>
        {companies.total > companies.pairs.length ? (
          <p className="mb-3 text-sm text-slate-600">{t("customers.duplicates.shown", { shown: companies.pairs.length, total: companies.total })}</p>
        ) : null}
        {companies.pairs.length === 0 ? (
          <EmptyState>{t("customers.duplicates.none")}</EmptyState>
        ) : (
          <ul className="mt-3 space-y-3">
            {companies.pairs.map((pair) => (
              <PairCard
                key={`${pair.firstId}|${pair.secondId}`}
                kind="company"
                firstId={pair.firstId}
                secondId={pair.secondId}
                reasons={pair.reasons}
                canMerge={canMerge}
                first={<CompanySummary company={pair.first} format={format} />}
                second={<CompanySummary company={pair.second} format={format} />}
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ContactSummary({
  contact,
}: {
  contact: { id: string; name: string; jobTitle: string; phone: string; emails: string[]; company: { id: string; name: string } | null };
}) {
  const { t } = useI18n();
  return (
    <div className="text-sm">
      <Link to={`/clients/contacts/${contact.id}`} className="font-medium text-brand-700 hover:underline">
        {contact.name || t("customers.contacts.unnamed")}
      </Link>
      <p className="text-slate-600">{[contact.jobTitle, contact.company?.name ?? t("customers.contacts.noCompany")].filter(Boolean).join(" · ")}</p>
      <p className="break-all text-slate-600">{contact.emails.join(", ") || "—"}</p>
      {contact.phone ? <p className="text-slate-600">{contact.phone}</p> : null}
    </div>
  );
}

function CompanySummary({
  company,
  format,
}: {
  company: { id: string; name: string; city: string; domains: string[]; website: string; contacts: number };
  format: ReturnType<typeof useI18n>["format"];
}) {
  const { t } = useI18n();
  return (
    <div className="text-sm">
      <Link to={`/clients/societes/${company.id}`} className="font-medium text-brand-700 hover:underline">
        {company.name}
      </Link>
      <p className="text-slate-600">{[company.city, t("customers.company.contactCount", { count: format.number(company.contacts) })].filter(Boolean).join(" · ")}</p>
      <p className="break-all text-slate-600">{[...company.domains, company.website.replace(/^https?:\/\//, "")].filter(Boolean).join(", ") || "—"}</p>
    </div>
  );
}
