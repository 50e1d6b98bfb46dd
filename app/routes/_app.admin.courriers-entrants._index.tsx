import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FilterPills } from "~/components/ui/filter-pills";
import { Badge, EmptyState, Table, Td, Th, type BadgeTone } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { inboundCounts, listInboundEmails, reprocessInboundEmail } from "~/domain/channels/email/email-admin.server";
import { inboundFilters, type InboundFilter } from "~/domain/channels/email/email-admin-vocabulary";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { formatBytes } from "~/lib/mail/processing-note";

export const meta: MetaFunction = () => [{ title: "Courriers entrants · Comptoir" }];

function filterFrom(request: Request, counts: Record<string, number>): InboundFilter {
  const requested = new URL(request.url).searchParams.get("etat");
  if ((inboundFilters as readonly string[]).includes(requested ?? "")) return requested as InboundFilter;
  return (counts.failed ?? 0) > 0 ? "failed" : "all";
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const counts = await inboundCounts();
  const filter = filterFrom(request, counts);
  const { rows, total } = await listInboundEmails(filter);
  return { filter, rows, total, counts };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const id = String(form.get("inboundId") ?? "");
  const back = `/admin/courriers-entrants${new URL(request.url).search}`;
  try {
    const { outcome, ticketNumber } = await reprocessInboundEmail(id, { actorId: admin.id, asNewTicket: form.get("intent") === "force" });
    if (outcome.status === "processed") return redirectWithToast(back, { kind: "success", message: "email.inbound.reprocessed", params: { number: ticketNumber ?? "—" } });
    if (outcome.status === "failed") return redirectWithToast(back, { kind: "error", message: "email.inbound.reprocessFailed", params: { error: outcome.error.slice(0, 300) } });
    if (outcome.status === "ignored") return redirectWithToast(back, { kind: "info", message: "email.inbound.stillIgnored" });
    return redirectWithToast(back, { kind: "info", message: "email.inbound.alreadyProcessed" });
  } catch (error) {
    if (error instanceof DomainError) return redirectWithToast(back, { kind: "error", message: error.code });
    throw error;
  }
}

const statusTones: Record<string, BadgeTone> = { received: "blue", processed: "green", failed: "red", ignored: "slate" };
const filterLabels: Record<InboundFilter, MessageKey> = {
  failed: "email.inbound.filter.failed",
  ignored: "email.inbound.filter.ignored",
  pending: "email.inbound.filter.pending",
  processed: "email.inbound.filter.processed",
  all: "email.inbound.filter.all",
};
const countFor = (filter: InboundFilter, counts: Record<string, number>) =>
  filter === "all" ? Object.values(counts).reduce((sum, count) => sum + count, 0) : (counts[filter === "pending" ? "received" : filter] ?? 0);

function classificationLabel(t: (key: MessageKey) => string, classification: string | null): string | null {
  if (!classification) return null;
  const key = `email.inbound.class.${classification}` as MessageKey;
  const label = t(key);
  return label === key ? classification : label;
}

export default function InboundPage() {
  const { filter, rows, total, counts } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const navigation = useNavigation();
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("email.inbound.title")}</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("email.inbound.intro")}</p>
      </div>
      <FilterPills
        label={t("email.inbound.title")}
        pills={inboundFilters.map((option) => ({
          key: option,
          to: `/admin/courriers-entrants?etat=${option}`,
          label: t(filterLabels[option]),
          count: format.number(countFor(option, counts)),
          current: option === filter,
        }))}
      />
      {rows.length === 0 ? (
        <EmptyState>{t("email.inbound.empty")}</EmptyState>
      ) : (
        <>
          <Table caption={t(filterLabels[filter])}>
            <thead>
              <tr>
                <Th>{t("email.inbound.colReceived")}</Th>
                <Th>{t("email.inbound.colFrom")}</Th>
                <Th>{t("email.inbound.colSubject")}</Th>
                <Th>{t("email.inbound.colStatus")}</Th>
                <Th>{t("email.inbound.colTicket")}</Th>
                <Th>{t("common.actions")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id} data-inbound-status={row.status}>
                  <Td className="whitespace-nowrap text-slate-600">
                    {format.dateTime(row.receivedAt)}
                    <p className="text-xs text-slate-500">{row.mailbox.name}</p>
                  </Td>
                  <Td className="max-w-[14rem] break-words">{row.fromAddress || "—"}</Td>
                  <Td className="max-w-md">
                    <span className="font-medium">{row.subject || "—"}</span>
                    <p className="text-xs text-slate-500">{formatBytes(row.size, format, t)}</p>
                  </Td>
                  <Td>
                    <Badge tone={statusTones[row.status] ?? "slate"}>{t(`email.inbound.status.${row.status}` as MessageKey)}</Badge>
                    {classificationLabel(t, row.classification) ? <p className="mt-1 text-xs text-slate-600">{classificationLabel(t, row.classification)}</p> : null}
                    {row.status === "failed" ? (
                      <div className="mt-1 space-y-0.5 text-xs">
                        <p className="max-w-xs break-words font-mono text-red-700">{row.error}</p>
                        <p className="text-slate-500">
                          {t("email.inbound.attempts", { count: row.attempts })} ·{" "}
                          {row.nextAttemptAt ? t("email.inbound.nextAttempt", { when: format.relative(row.nextAttemptAt) }) : t("email.inbound.noMoreAttempts")}
                        </p>
                      </div>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {row.ticketNumber ? (
                      <Link to={`/support/tickets/${row.ticketNumber}`} className="text-brand-700 hover:underline">
                        #{row.ticketNumber}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td>
                    <div className="flex flex-wrap items-center gap-2">
                      {row.status === "failed" || row.status === "received" ? (
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="inboundId" value={row.id} />
                          <Button type="submit" name="intent" value="reprocess" size="sm" disabled={navigation.state === "submitting"}>
                            {t("email.inbound.reprocess")}
                          </Button>
                        </Form>
                      ) : null}
                      {row.status === "ignored" ? (
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="inboundId" value={row.id} />
                          <Button type="submit" name="intent" value="force" size="sm" variant="secondary" disabled={navigation.state === "submitting"}>
                            {t("email.inbound.forceTicket")}
                          </Button>
                        </Form>
                      ) : null}
                      <a href={`/admin/courriers-entrants/${row.id}/original`} className="text-sm text-brand-700 hover:underline">
                        {t("email.inbound.download")}
                      </a>
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="text-xs text-slate-500">{t("email.inbound.shown", { shown: format.number(rows.length), total: format.number(total) })}</p>
        </>
      )}
    </div>
  );
}
