import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { TextareaField } from "~/components/ui/field";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { CheckboxField, FormAlert, SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { searchContacts } from "~/domain/customers/contact-queries.server";
import { DomainError } from "~/domain/errors";
import { createPhoneTicket } from "~/domain/helpdesk/ticket-commands.server";
import { isTicketVisibleTo } from "~/domain/helpdesk/ticket-workspace.server";
import { ticketPriorities, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import { contactSummary, ticketGroups } from "~/domain/helpdesk/workspace-options.server";
import { phoneTicketSchema } from "~/domain/helpdesk/workspace-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouveau ticket · Comptoir" }];

const SEARCH_RESULTS = 10;
/** The new caller's fields sit next to the search but belong to the ticket form. */
const FORM_ID = "phone-ticket";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "create:ticket");
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 120);
  const contactId = url.searchParams.get("contact") ?? "";
  const [selected, results, groups] = await Promise.all([
    contactId ? contactSummary(user, contactId) : null,
    query && !contactId ? searchContacts(user, { query }, 1, SEARCH_RESULTS) : null,
    ticketGroups(),
  ]);
  return {
    query,
    selected,
    results: results?.contacts.map((contact) => ({
      id: contact.id,
      name: `${contact.firstName} ${contact.lastName}`.trim() || contact.primaryEmail,
      primaryEmail: contact.primaryEmail,
      phone: contact.phone,
      companyName: contact.company?.name ?? null,
      openTicketCount: contact.openTicketCount,
    })) ?? null,
    moreResults: results ? results.total > SEARCH_RESULTS : false,
    groups,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:ticket");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, phoneTicketSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null }, { status: 400 });
  try {
    const created = await createPhoneTicket({ agentId: user.id, form: parsed.data });
    if (!(await isTicketVisibleTo(user, created.ticketId))) {
      return redirectWithToast("/support", { kind: "success", message: "helpdesk.phone.createdElsewhere", params: { number: created.number } });
    }
    return redirectWithToast(`/support/tickets/${created.number}`, { kind: "success", message: "helpdesk.phone.created", params: { number: created.number } });
  } catch (error) {
    if (error instanceof DomainError) {
      const fieldErrors: FieldErrors = error.field ? { [error.field]: error.code } : {};
      return data({ fieldErrors, values: submittedValues(form), formError: error.field ? null : error.code }, { status: 409 });
    }
    throw error;
  }
}

export default function NewPhoneTicketPage() {
  const { query, selected, results, moreResults, groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const error = (name: string) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (name: string, fallback = "") => {
    const submitted = actionData?.values?.[name];
    return typeof submitted === "string" ? submitted : fallback;
  };
  const hasErrors = Boolean(actionData?.fieldErrors && Object.keys(actionData.fieldErrors).length > 0);
  const searchBase = query ? `?q=${encodeURIComponent(query)}` : "";
  return (
    <>
      <nav className="mb-3 text-sm">
        <Link to="/support" className="text-brand-700 hover:underline">
          ← {t("support.title")}
        </Link>
      </nav>
      <PageHeader title={t("helpdesk.phone.title")} description={t("helpdesk.phone.intro")} />
      <div className="grid max-w-5xl items-start gap-6 lg:grid-cols-2">
        <Card title={t("helpdesk.phone.who")}>
          {selected ? (
            <div className="space-y-2 text-sm" data-testid="selected-contact">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("helpdesk.phone.selected")}</p>
              <p className="font-semibold text-slate-900">{selected.name}</p>
              <p className="text-slate-700">
                {[selected.primaryEmail, selected.phone, selected.companyName].filter(Boolean).join(" · ")}
              </p>
              <p className="text-slate-600">{t("helpdesk.phone.openTickets", { count: selected.openTicketCount })}</p>
              <ButtonLink to={`/support/tickets/nouveau${searchBase}`} size="sm">
                {t("helpdesk.phone.change")}
              </ButtonLink>
            </div>
          ) : (
            <>
              <Form method="get" className="flex items-end gap-2" role="search">
                <TextField
                  className="flex-1"
                  label={t("helpdesk.phone.search")}
                  name="q"
                  type="search"
                  defaultValue={query}
                  placeholder={t("helpdesk.phone.searchPlaceholder")}
                  autoComplete="off"
                />
                <Button type="submit" variant="secondary">
                  {t("helpdesk.phone.searchButton")}
                </Button>
              </Form>
              {results ? (
                results.length === 0 ? (
                  <p className="mt-3 text-sm text-slate-600">{t("helpdesk.phone.noResult")}</p>
                ) : (
                  <ul className="mt-3 divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={t("helpdesk.phone.results")}>
                    {results.map((contact) => (
                      <li key={contact.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                        <div className="min-w-0">
                          <p className="font-medium text-slate-900">{contact.name}</p>
                          <p className="truncate text-slate-600">{[contact.primaryEmail, contact.phone, contact.companyName].filter(Boolean).join(" · ")}</p>
                        </div>
                        <ButtonLink to={`/support/tickets/nouveau?q=${encodeURIComponent(query)}&contact=${contact.id}`} size="sm" aria-label={`${t("helpdesk.phone.choose")} ${contact.name}`}>
                          {t("helpdesk.phone.choose")}
                        </ButtonLink>
                      </li>
                    ))}
                  </ul>
                )
              ) : null}
              {moreResults ? <p className="mt-2 text-xs text-slate-500">{t("helpdesk.phone.moreResults", { count: SEARCH_RESULTS })}</p> : null}
            </>
          )}
        </Card>
        {!selected ? (
          <Card title={t("helpdesk.phone.newCaller")}>
            <p className="mb-3 text-sm text-slate-600">{t("helpdesk.phone.newCallerHint")}</p>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField label={t("helpdesk.phone.name")} form={FORM_ID} name="name" defaultValue={value("name")} error={error("name")} autoComplete="off" />
              <TextField label={t("helpdesk.phone.email")} form={FORM_ID} name="email" type="email" defaultValue={value("email")} error={error("email")} autoComplete="off" />
              <TextField label={t("helpdesk.phone.phone")} form={FORM_ID} name="phone" type="tel" defaultValue={value("phone")} error={error("phone")} autoComplete="off" />
              <TextField
                label={t("helpdesk.phone.companyName")}
                form={FORM_ID}
                name="companyName"
                defaultValue={value("companyName")}
                error={error("companyName")}
                hint={t("helpdesk.phone.companyHint")}
                autoComplete="off"
              />
            </div>
          </Card>
        ) : null}

        <Form method="post" id={FORM_ID} className="space-y-6 lg:col-start-2 lg:row-span-2 lg:row-start-1" noValidate>
          <CsrfField />
          {actionData?.formError ? <FormAlert>{t(actionData.formError)}</FormAlert> : hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
          {selected ? <input type="hidden" name="requesterId" value={selected.id} /> : null}
          {error("requesterId") ? <FormAlert>{error("requesterId")}</FormAlert> : null}
          <Card title={t("helpdesk.phone.request")}>
            <div className="space-y-4">
              <TextField label={t("helpdesk.phone.subject")} name="subject" required defaultValue={value("subject")} error={error("subject")} />
              <TextareaField label={t("helpdesk.phone.body")} name="body" rows={6} required defaultValue={value("body")} error={error("body")} hint={t("helpdesk.phone.bodyHint")} />
              <div className="grid gap-4 sm:grid-cols-2">
                <SelectField
                  label={t("helpdesk.fields.type")}
                  name="type"
                  defaultValue={value("type", "incident")}
                  error={error("type")}
                  options={ticketTypes.map((type) => ({ value: type, label: t(`ticket.type.${type}`) }))}
                />
                <SelectField
                  label={t("support.colPriority")}
                  name="priority"
                  defaultValue={value("priority", "normal")}
                  error={error("priority")}
                  options={ticketPriorities.map((priority) => ({ value: priority, label: t(`ticket.priority.${priority}`) }))}
                />
                <SelectField
                  label={t("helpdesk.fields.group")}
                  name="groupId"
                  defaultValue={value("groupId")}
                  error={error("groupId")}
                  options={[{ value: "", label: t("helpdesk.fields.noGroup") }, ...groups.map((group) => ({ value: group.id, label: group.name }))]}
                />
                <div className="flex items-end pb-2">
                  <CheckboxField label={t("helpdesk.phone.assignToMe")} name="assignToMe" defaultChecked={actionData ? value("assignToMe") === "on" : true} />
                </div>
              </div>
            </div>
          </Card>
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {t("helpdesk.phone.create")}
          </Button>
        </Form>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
