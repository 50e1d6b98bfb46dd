import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { Card, EmptyState, Table, Td, Th } from "~/components/ui/layout";
import { retentionFormSchema } from "~/domain/privacy/retention";
import { retentionDryRun, retentionSettings, runRetention, saveRetentionMonths } from "~/domain/privacy/retention.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "RGPD / Conservation · Comptoir" }];

const LISTED = 100;

/** Administration › RGPD / Conservation: the retention period, and the dry run of what the next run anonymises. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "delete:privacy");
  const [settings, dryRun] = await Promise.all([retentionSettings(), retentionDryRun(new Date(), LISTED)]);
  return {
    months: settings.months,
    lastRun: settings.lastRun ? { at: settings.lastRun.at.toISOString(), count: settings.lastRun.count } : null,
    dryRun: dryRun
      ? {
          cutoff: dryRun.cutoff.toISOString(),
          total: dryRun.total,
          tickets: dryRun.tickets,
          messages: dryRun.messages,
          contacts: dryRun.contacts.map((contact) => ({
            id: contact.id,
            name: `${contact.firstName} ${contact.lastName}`.trim(),
            lastActivityAt: contact.lastActivityAt.toISOString(),
            tickets: contact.tickets,
            messages: contact.messages,
          })),
        }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "delete:privacy");
  const form = await readProtectedForm(request);
  if (form.get("intent") === "run") {
    const count = await runRetention({ actorId: admin.id });
    return redirectWithToast("/admin/rgpd", { kind: "success", message: "privacy.retention.ran", params: { count } });
  }
  const parsed = parseForm(form, retentionFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: submittedValues(form) }, { status: 400 });
  await saveRetentionMonths(admin.id, parsed.data.months);
  return redirectWithToast("/admin/rgpd", { kind: "success", message: "privacy.retention.saved" });
}

export default function RetentionPage() {
  const { months, lastRun, dryRun } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const error = feedback?.fieldErrors?.months as MessageKey | undefined;
  const typed = feedback?.values?.months;
  return (
    <div className="space-y-6">
      <Card title={t("privacy.retention.title")}>
        <p className="mb-4 max-w-3xl text-sm text-slate-700">{t("privacy.retention.intro")}</p>
        <Form method="post" className="flex max-w-md flex-wrap items-end gap-3" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="save" />
          <TextField
            name="months"
            label={t("privacy.retention.months")}
            hint={t("privacy.retention.monthsHint")}
            error={error ? t(error) : undefined}
            defaultValue={typeof typed === "string" ? typed : (months?.toString() ?? "")}
            inputMode="numeric"
            className="flex-1"
          />
          <Button type="submit" variant="primary" disabled={navigation.state === "submitting"}>
            {t("privacy.retention.save")}
          </Button>
        </Form>
        <p className="mt-4 text-sm text-slate-700" role="status">
          {dryRun ? t("privacy.retention.on", { months: format.number(months ?? 0), date: format.date(dryRun.cutoff) }) : t("privacy.retention.off")}
        </p>
        {lastRun ? <p className="mt-1 text-sm text-slate-500">{t("privacy.retention.lastRun", { date: format.dateTime(lastRun.at), count: format.number(lastRun.count) })}</p> : null}
      </Card>
      {dryRun ? (
        <Card
          title={t("privacy.retention.dryRunTitle")}
          actions={
            dryRun.total > 0 ? (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="run" />
                <Button type="submit" variant="danger" disabled={navigation.state === "submitting"}>
                  {t("privacy.retention.runNow")}
                </Button>
              </Form>
            ) : null
          }
        >
          {dryRun.total === 0 ? (
            <EmptyState>{t("privacy.retention.dryRunEmpty")}</EmptyState>
          ) : (
            <>
              <p className="mb-3 text-sm text-slate-700" data-testid="retention-total">
                {t("privacy.retention.dryRunTotal", { count: format.number(dryRun.total), tickets: format.number(dryRun.tickets), messages: format.number(dryRun.messages) })}
              </p>
              <Table caption={t("privacy.retention.dryRunTitle")}>
                <thead>
                  <tr>
                    <Th>{t("privacy.retention.contact")}</Th>
                    <Th>{t("privacy.retention.lastActivity")}</Th>
                    <Th className="text-right">{t("privacy.retention.tickets")}</Th>
                    <Th className="text-right">{t("privacy.retention.messages")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {dryRun.contacts.map((contact) => (
                    <tr key={contact.id}>
                      <Td>
                        <Link to={`/clients/contacts/${contact.id}`} className="text-brand-700 hover:underline">
                          {contact.name || t("customers.contacts.unnamed")}
                        </Link>
                      </Td>
                      <Td>{format.date(contact.lastActivityAt)}</Td>
                      <Td className="text-right">{format.number(contact.tickets)}</Td>
                      <Td className="text-right">{format.number(contact.messages)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              {dryRun.total > dryRun.contacts.length ? <p className="mt-2 text-xs text-slate-500">{t("privacy.retention.dryRunTruncated", { count: format.number(dryRun.contacts.length) })}</p> : null}
            </>
          )}
        </Card>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
