import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StepList } from "~/components/automations/dry-run-results";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Badge, EmptyState, Table, Td, Th } from "~/components/ui/layout";
import type { PlannedStep } from "~/domain/automations/actions";
import { AUTOMATION_LOOP_LIMIT, AUTOMATION_LOOP_WINDOW_MINUTES } from "~/domain/automations/rule-vocabulary";
import { getRule, listRuleRuns } from "~/domain/automations/rules.server";
import { requireUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Journal · Automatisations · Comptoir" }];

function parseSteps(text: string): PlannedStep[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as PlannedStep[]) : [];
  } catch {
    return [];
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const rule = await getRule(params.ruleId ?? "");
  if (!rule) throw notFound();
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const log = await listRuleRuns(rule.id, Number.isSafeInteger(page) && page > 0 ? page : 1);
  // Names of what the steps mention (people and groups, even those since removed from the lists).
  const [users, groups] = await Promise.all([db().user.findMany({ select: { id: true, name: true } }), db().group.findMany({ select: { id: true, name: true } })]);
  return {
    rule: { id: rule.id, name: rule.name },
    runs: log.runs.map((run) => ({ id: run.id, at: run.at, outcome: run.outcome, error: run.error, ticket: run.ticket, deal: run.deal, steps: parseSteps(run.actions) })),
    total: log.total,
    page: log.page,
    pageCount: log.pageCount,
    names: Object.fromEntries([...users, ...groups].map((entry) => [entry.id, entry.name])),
  };
}

const outcomeTones = { applied: "green", nothing_to_do: "slate", loop_guard: "amber", failed: "red" } as const;

export default function RuleLogPage() {
  const { rule, runs, total, page, pageCount, names } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="space-y-4">
      <div>
        <p className="mb-2 text-sm">
          <Link to={`/admin/automatisations/${rule.id}`} className="text-brand-700 hover:underline">
            ← {rule.name}
          </Link>
        </p>
        <h2 className="text-lg font-semibold">{t("automations.runs.title", { name: rule.name })}</h2>
        <p className="text-sm text-slate-600">
          {t("automations.runs.intro")} {t("automations.runs.total", { count: format.number(total) })}
        </p>
      </div>
      {runs.length === 0 ? (
        <EmptyState>{t("automations.runs.empty")}</EmptyState>
      ) : (
        <Table caption={t("automations.runs.title", { name: rule.name })}>
          <thead>
            <tr>
              <Th>{t("automations.runs.colAt")}</Th>
              <Th>{t("automations.runs.colRecord")}</Th>
              <Th>{t("automations.runs.colOutcome")}</Th>
              <Th>{t("automations.runs.colDone")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {runs.map((run) => (
              <tr key={run.id} data-testid="automation-run">
                <Td className="whitespace-nowrap text-slate-600">{format.dateTime(run.at)}</Td>
                <Td>
                  {run.ticket ? (
                    <Link to={`/support/tickets/${run.ticket.number}`} className="text-brand-700 hover:underline">
                      #{run.ticket.number} · {run.ticket.subject}
                    </Link>
                  ) : run.deal ? (
                    <Link to={`/ventes/affaires/${run.deal.id}`} className="text-brand-700 hover:underline">
                      {t("automations.dryRun.deal", { title: run.deal.title })}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td>
                  <Badge tone={outcomeTones[run.outcome as keyof typeof outcomeTones] ?? "slate"}>{t(`automations.outcome.${run.outcome}` as MessageKey)}</Badge>
                </Td>
                <Td>
                  {run.outcome === "loop_guard" ? <p className="text-sm text-amber-800">{t("automations.runs.loopGuard", { limit: AUTOMATION_LOOP_LIMIT, minutes: AUTOMATION_LOOP_WINDOW_MINUTES })}</p> : null}
                  {run.error ? (
                    <p className="text-sm text-red-700" role="note">
                      {t(run.error as MessageKey)}
                    </p>
                  ) : null}
                  <StepList steps={run.steps} names={names} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pageCount > 1 ? (
        <div className="flex justify-end gap-2 text-sm">
          {page > 1 ? (
            <ButtonLink to={`?page=${page - 1}`} size="sm">
              {t("common.previous")}
            </ButtonLink>
          ) : null}
          {page < pageCount ? (
            <ButtonLink to={`?page=${page + 1}`} size="sm">
              {t("common.next")}
            </ButtonLink>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
