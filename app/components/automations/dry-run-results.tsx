import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Badge, Card, EmptyState } from "~/components/ui/layout";
import type { PlannedStep } from "~/domain/automations/actions";
import type { ConditionCheck } from "~/domain/automations/conditions";
import { DRY_RUN_MAX_MATCHES } from "~/domain/automations/rule-vocabulary";
import { cn } from "~/components/ui/cn";
import { conditionText, observedText, stepText, type Names } from "./rule-text";

export type SerializedDryRun = {
  total: number;
  scanned: number;
  matches: Array<{
    ticket: { id: string; number: number; subject: string } | null;
    deal: { id: string; title: string } | null;
    evaluation: { all: ConditionCheck[]; any: ConditionCheck[] };
    steps: PlannedStep[];
    alreadyDone: boolean;
  }>;
  names: Names;
};

/** The dry run: which tickets or deals the rule would match now, why, and what it would do to each. */
export function DryRunResults({ result, time, unsaved }: { result: SerializedDryRun; time: boolean; unsaved: boolean }) {
  const { t, format } = useI18n();
  return (
    <Card title={t("automations.dryRun.title")}>
      <div className="space-y-4" data-testid="dry-run">
        <p className="text-sm text-slate-600">{t(time ? "automations.dryRun.introTime" : "automations.dryRun.intro")}</p>
        {unsaved ? <p className="text-sm font-medium text-amber-800">{t("automations.dryRun.unsaved")}</p> : null}
        <p className="text-sm font-semibold text-slate-900" role="status">
          {t("automations.dryRun.summary", { total: format.number(result.total), scanned: format.number(result.scanned) })}
          {result.total > result.matches.length ? ` ${t("automations.dryRun.truncated", { count: DRY_RUN_MAX_MATCHES })}` : ""}
        </p>
        {result.matches.length === 0 ? (
          <EmptyState>{t("automations.dryRun.none")}</EmptyState>
        ) : (
          <ol className="space-y-3">
            {result.matches.map((match) => (
              <li key={match.ticket?.id ?? match.deal?.id} className="rounded-md border border-slate-200 p-3" data-testid="dry-run-match">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  {match.ticket ? (
                    <Link to={`/support/tickets/${match.ticket.number}`} className="font-medium text-brand-700 hover:underline">
                      #{match.ticket.number} · {match.ticket.subject}
                    </Link>
                  ) : match.deal ? (
                    <Link to={`/ventes/affaires/${match.deal.id}`} className="font-medium text-brand-700 hover:underline">
                      {t("automations.dryRun.deal", { title: match.deal.title })}
                    </Link>
                  ) : null}
                  {match.alreadyDone ? <Badge tone="slate">{t("automations.dryRun.alreadyDone")}</Badge> : null}
                </p>
                <div className="mt-2 grid gap-3 md:grid-cols-2">
                  <div>
                    <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("automations.dryRun.conditions")}</h4>
                    <Checks checks={match.evaluation.all} names={result.names} />
                    {match.evaluation.any.length > 0 ? (
                      <>
                        <p className="mt-1 text-xs text-slate-600">{t("automations.dryRun.anyGroup")}</p>
                        <Checks checks={match.evaluation.any} names={result.names} />
                      </>
                    ) : null}
                    {match.evaluation.all.length + match.evaluation.any.length === 0 ? <p className="text-sm text-slate-600">{t("automations.dryRun.noConditions")}</p> : null}
                  </div>
                  <div>
                    <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("automations.dryRun.actions")}</h4>
                    <StepList steps={match.steps} names={result.names} />
                  </div>
                </div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}

function Checks({ checks, names }: { checks: ConditionCheck[]; names: Names }) {
  const { t, format } = useI18n();
  return (
    <ul className="space-y-0.5 text-sm">
      {checks.map((check, index) => (
        <li key={index} className={cn(check.matched ? "text-slate-800" : "text-slate-500")}>
          <span aria-hidden="true">{check.matched ? "✓ " : "✗ "}</span>
          {conditionText(check.condition, t, format, names)} — {t("automations.dryRun.seen", { value: observedText(check.condition, check.observed, t, format, names) })} :{" "}
          <span className="font-medium">{t(check.matched ? "automations.dryRun.yes" : "automations.dryRun.no")}</span>
        </li>
      ))}
    </ul>
  );
}

/** Steps as planned (dry run) or done (run log). */
export function StepList({ steps, names }: { steps: PlannedStep[]; names: Names }) {
  const { t } = useI18n();
  return (
    <ul className="space-y-0.5 text-sm">
      {steps.map((step, index) => (
        <li key={index} className={cn(step.outcome === "apply" ? "text-slate-900" : "text-slate-500")} data-outcome={step.outcome}>
          {stepText(step, t, names)}
        </li>
      ))}
    </ul>
  );
}
