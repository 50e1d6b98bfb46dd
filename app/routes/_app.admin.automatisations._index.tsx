import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { Badge, EmptyState, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { ruleListActionSchema } from "~/domain/automations/rule-schemas";
import { getRule, listRules, moveRule, RuleConflictError, setRuleActive } from "~/domain/automations/rules.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Automatisations · Administration · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const rules = await listRules();
  return {
    rules: rules.map(({ rule, lastRun, appliedThisWeek }) => ({
      id: rule.id,
      name: rule.name,
      description: rule.description,
      trigger: rule.trigger,
      active: rule.active,
      version: rule.version,
      lastRun,
      appliedThisWeek,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const parsed = parseForm(await readProtectedForm(request), ruleListActionSchema);
  if (!parsed.ok) throw data({ reason: "bad_form" }, { status: 400 });
  const rule = await getRule(parsed.data.ruleId);
  if (!rule) throw notFound();
  try {
    if (parsed.data.intent === "toggle") {
      const active = parsed.data.active === "true";
      await setRuleActive(rule.id, { active, version: parsed.data.version }, admin.id);
      return redirectWithToast("/admin/automatisations", { kind: "success", message: active ? "automations.activated" : "automations.deactivated", params: { name: rule.name } });
    }
    await moveRule(rule.id, parsed.data.intent, admin.id);
    return redirectWithToast("/admin/automatisations", { kind: "success", message: "automations.moved" });
  } catch (error) {
    if (error instanceof RuleConflictError) return redirectWithToast("/admin/automatisations", { kind: "error", message: "automations.conflict" });
    if (error instanceof DomainError && error.code === "errors.notFound") throw notFound();
    throw error;
  }
}

export default function AutomationsPage() {
  const { rules } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <p className="max-w-3xl text-sm text-slate-600">{t("automations.intro")}</p>
        <ButtonLink to="/admin/automatisations/nouvelle" variant="primary">
          {t("automations.new")}
        </ButtonLink>
      </div>
      {rules.length === 0 ? (
        <EmptyState>{t("automations.empty")}</EmptyState>
      ) : (
        <Table caption={t("automations.title")}>
          <thead>
            <tr>
              <Th>{t("automations.col.order")}</Th>
              <Th>{t("automations.col.name")}</Th>
              <Th>{t("automations.col.trigger")}</Th>
              <Th>{t("automations.col.state")}</Th>
              <Th>{t("automations.col.lastRun")}</Th>
              <Th>{t("automations.col.week")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rules.map((rule, index) => (
              <tr key={rule.id} data-testid="automation-rule">
                <Td className="whitespace-nowrap">
                  <Form method="post" className="flex items-center gap-1">
                    <CsrfField />
                    <input type="hidden" name="ruleId" value={rule.id} />
                    <span className="w-6 text-right tabular-nums text-slate-600">{index + 1}</span>
                    <Button type="submit" name="intent" value="up" size="sm" variant="ghost" disabled={index === 0} aria-label={t("automations.moveUp", { name: rule.name })}>
                      ↑
                    </Button>
                    <Button type="submit" name="intent" value="down" size="sm" variant="ghost" disabled={index === rules.length - 1} aria-label={t("automations.moveDown", { name: rule.name })}>
                      ↓
                    </Button>
                  </Form>
                </Td>
                <Td>
                  <Link to={`/admin/automatisations/${rule.id}`} className="font-medium text-brand-700 hover:underline">
                    {rule.name}
                  </Link>
                  {rule.description ? <p className="max-w-md text-xs text-slate-500">{rule.description}</p> : null}
                </Td>
                <Td className="text-slate-700">{t(`automations.trigger.${rule.trigger}` as MessageKey)}</Td>
                <Td className="whitespace-nowrap">
                  <Form method="post" className="flex items-center gap-2">
                    <CsrfField />
                    <input type="hidden" name="ruleId" value={rule.id} />
                    <input type="hidden" name="version" value={rule.version} />
                    <input type="hidden" name="active" value={rule.active ? "false" : "true"} />
                    <Badge tone={rule.active ? "green" : "slate"}>{t(rule.active ? "automations.active" : "automations.inactive")}</Badge>
                    <Button type="submit" name="intent" value="toggle" size="sm" variant="secondary" aria-label={t(rule.active ? "automations.deactivateNamed" : "automations.activateNamed", { name: rule.name })}>
                      {t(rule.active ? "automations.deactivate" : "automations.activate")}
                    </Button>
                  </Form>
                </Td>
                <Td className="whitespace-nowrap text-slate-600">
                  {rule.lastRun ? (
                    <>
                      <span>{rule.lastRun.ticketNumber ? t("automations.lastRunOn", { date: format.dateTime(rule.lastRun.at), number: rule.lastRun.ticketNumber }) : format.dateTime(rule.lastRun.at)}</span>{" "}
                      <Badge tone={rule.lastRun.outcome === "failed" || rule.lastRun.outcome === "loop_guard" ? "red" : "slate"}>{t(`automations.outcome.${rule.lastRun.outcome}` as MessageKey)}</Badge>
                    </>
                  ) : (
                    t("automations.neverRun")
                  )}
                  <div>
                    <Link to={`/admin/automatisations/${rule.id}/journal`} className="text-xs text-brand-700 hover:underline">
                      {t("automations.runLog")}
                    </Link>
                  </div>
                </Td>
                <Td className="tabular-nums">{format.number(rule.appliedThisWeek)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
