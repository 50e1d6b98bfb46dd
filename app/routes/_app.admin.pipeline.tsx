import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { StageKindBadge } from "~/components/sales/stage-kind-badge";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert, SelectField, TextField } from "~/components/ui/field";
import { Badge, Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { lossReasonFormSchema, moveSchema, recordIdSchema, STAGE_KINDS, stageFormSchema } from "~/domain/sales/pipeline-rules";
import {
  createLossReason,
  createStage,
  deleteLossReason,
  deleteStage,
  loadPipelineSettings,
  moveLossReason,
  moveStage,
  updateLossReason,
  updateStage,
} from "~/domain/sales/pipeline.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { type FieldErrors, parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Pipeline · Administration · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  return loadPipelineSettings();
}

const intents = ["stage-create", "stage-update", "stage-move", "stage-delete", "reason-create", "reason-update", "reason-move", "reason-delete"] as const;
type Intent = (typeof intents)[number];
type Refusal = { intent: Intent; id: string | null; fieldErrors: FieldErrors; formError: MessageKey | null; values: Record<string, string | string[]> };

const here = "/admin/pipeline";

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  if (!intents.includes(intent)) throw data({ reason: "bad_intent" }, { status: 400 });
  const id = typeof form.get("id") === "string" ? String(form.get("id")) : null;
  const refuse = (fieldErrors: FieldErrors, formError: MessageKey | null, status = 400) =>
    data<Refusal>({ intent, id, fieldErrors, formError, values: submittedValues(form) }, { status });
  const done = (message: MessageKey, params?: Record<string, string>) => redirectWithToast(here, { kind: "success", message, params });

  try {
    switch (intent) {
      case "stage-create":
      case "stage-update": {
        const parsed = parseForm(form, stageFormSchema);
        if (!parsed.ok) return refuse(parsed.fieldErrors, "common.formHasErrors");
        if (intent === "stage-create") {
          await createStage(parsed.data, admin.id);
          return done("sales.admin.pipeline.stageCreated", { name: parsed.data.name });
        }
        const target = parseForm(form, recordIdSchema);
        if (!target.ok) throw notFound();
        await updateStage(target.data.id, parsed.data, admin.id);
        return done("sales.admin.pipeline.stageSaved", { name: parsed.data.name });
      }
      case "stage-move":
      case "reason-move": {
        const parsed = parseForm(form, moveSchema);
        if (!parsed.ok) throw notFound();
        if (intent === "stage-move") await moveStage(parsed.data.id, parsed.data.direction, admin.id);
        else await moveLossReason(parsed.data.id, parsed.data.direction, admin.id);
        return done("sales.admin.pipeline.orderSaved");
      }
      case "stage-delete":
      case "reason-delete": {
        const parsed = parseForm(form, recordIdSchema);
        if (!parsed.ok) throw notFound();
        if (intent === "stage-delete") await deleteStage(parsed.data.id, admin.id);
        else await deleteLossReason(parsed.data.id, admin.id);
        return done(intent === "stage-delete" ? "sales.admin.pipeline.stageDeleted" : "sales.admin.pipeline.reasonDeleted");
      }
      case "reason-create":
      case "reason-update": {
        const parsed = parseForm(form, lossReasonFormSchema);
        if (!parsed.ok) return refuse(parsed.fieldErrors, "common.formHasErrors");
        if (intent === "reason-create") {
          await createLossReason(parsed.data, admin.id);
          return done("sales.admin.pipeline.reasonCreated", { label: parsed.data.label });
        }
        const target = parseForm(form, recordIdSchema);
        if (!target.ok) throw notFound();
        await updateLossReason(target.data.id, parsed.data, admin.id);
        return done("sales.admin.pipeline.reasonSaved", { label: parsed.data.label });
      }
    }
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return refuse(error.field ? { [error.field]: error.code } : {}, error.field ? "common.formHasErrors" : error.code, 409);
    }
    throw error;
  }
}

export default function PipelineSettingsPage() {
  const { stages, lossReasons } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t, format } = useI18n();
  const refusalFor = (intent: Intent | Intent[], id: string | null) =>
    refusal && [intent].flat().includes(refusal.intent) && refusal.id === id ? refusal : null;
  const errorOf = (found: Refusal | null, field: string) => {
    const key = found?.fieldErrors[field];
    return key ? t(key) : null;
  };
  const valueOf = (found: Refusal | null, field: string, fallback: string) => {
    const value = found?.values[field];
    return typeof value === "string" ? value : fallback;
  };
  const kindOptions = STAGE_KINDS.map((kind) => ({ value: kind, label: t(`sales.stageKind.${kind}`) }));
  const newStage = refusalFor("stage-create", null);
  const newReason = refusalFor("reason-create", null);
  const orderRefusal = refusal && ["stage-move", "stage-delete", "reason-move", "reason-delete"].includes(refusal.intent) ? refusal : null;

  return (
    <div className="space-y-8">
      <p className="max-w-3xl text-sm text-slate-600">{t("sales.admin.pipeline.intro")}</p>
      {orderRefusal?.formError ? <FormAlert>{t(orderRefusal.formError)}</FormAlert> : null}

      <section aria-labelledby="stages-title" className="space-y-3">
        <h2 id="stages-title" className="text-lg font-semibold text-slate-900">
          {t("sales.admin.pipeline.stages")}
        </h2>
        <ol className="space-y-3">
          {stages.map((stage, index) => {
            const found = refusalFor("stage-update", stage.id);
            return (
              <li key={stage.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`stage-${stage.id}`}>
                <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-semibold tabular-nums text-slate-500">{index + 1}.</span>
                  <span className="font-medium text-slate-900">{stage.name}</span>
                  <StageKindBadge kind={stage.kind} />
                  {!stage.active ? <Badge tone="slate">{t("sales.admin.pipeline.inactive")}</Badge> : null}
                  <span className="text-slate-600">{t("sales.admin.pipeline.dealCount", { count: format.number(stage.dealCount) })}</span>
                  {!stage.active && stage.dealCount > 0 ? <span className="text-amber-800">{t("sales.admin.pipeline.inactiveWithDeals")}</span> : null}
                </div>
                {found?.formError && found.formError !== "common.formHasErrors" ? <FormAlert>{t(found.formError)}</FormAlert> : null}
                <Form method="post" className="grid items-end gap-3 sm:grid-cols-[minmax(0,2fr)_8rem_10rem_auto_auto]" noValidate>
                  <CsrfField />
                  <input type="hidden" name="intent" value="stage-update" />
                  <input type="hidden" name="id" value={stage.id} />
                  <TextField label={t("sales.admin.pipeline.stageName")} name="name" required maxLength={60} defaultValue={valueOf(found, "name", stage.name)} error={errorOf(found, "name")} />
                  <TextField
                    label={t("sales.admin.pipeline.probability")}
                    name="probability"
                    inputMode="numeric"
                    required
                    defaultValue={valueOf(found, "probability", String(stage.probability))}
                    error={errorOf(found, "probability")}
                  />
                  <SelectField label={t("sales.admin.pipeline.kind")} name="kind" defaultValue={valueOf(found, "kind", stage.kind)} error={errorOf(found, "kind")} options={kindOptions} />
                  <CheckboxField label={t("sales.admin.pipeline.active")} name="active" defaultChecked={found ? found.values.active === "on" : stage.active} className="pb-2" />
                  <Button type="submit" variant="secondary">
                    {t("common.save")}
                  </Button>
                </Form>
                <div className="mt-3 flex flex-wrap gap-2">
                  <OrderButtons intent="stage-move" id={stage.id} name={stage.name} first={index === 0} last={index === stages.length - 1} />
                  {stage.deletable ? (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="stage-delete" />
                      <input type="hidden" name="id" value={stage.id} />
                      <Button type="submit" variant="ghost" size="sm">
                        {t("sales.admin.pipeline.deleteStage", { name: stage.name })}
                      </Button>
                    </Form>
                  ) : (
                    <span className="self-center text-xs text-slate-500">{t("sales.admin.pipeline.stageInUseHint")}</span>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
        <Card title={t("sales.admin.pipeline.newStage")}>
          {newStage?.formError && newStage.formError !== "common.formHasErrors" ? <FormAlert>{t(newStage.formError)}</FormAlert> : null}
          <Form method="post" className="grid items-end gap-3 sm:grid-cols-[minmax(0,2fr)_8rem_10rem_auto_auto]" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="stage-create" />
            <TextField label={t("sales.admin.pipeline.stageName")} name="name" required maxLength={60} defaultValue={valueOf(newStage, "name", "")} error={errorOf(newStage, "name")} />
            <TextField label={t("sales.admin.pipeline.probability")} name="probability" inputMode="numeric" required defaultValue={valueOf(newStage, "probability", "50")} error={errorOf(newStage, "probability")} />
            <SelectField label={t("sales.admin.pipeline.kind")} name="kind" defaultValue={valueOf(newStage, "kind", "open")} error={errorOf(newStage, "kind")} options={kindOptions} />
            <CheckboxField label={t("sales.admin.pipeline.active")} name="active" defaultChecked={newStage ? newStage.values.active === "on" : true} className="pb-2" />
            <Button type="submit">{t("sales.admin.pipeline.addStage")}</Button>
          </Form>
        </Card>
      </section>

      <section aria-labelledby="reasons-title" className="space-y-3">
        <h2 id="reasons-title" className="text-lg font-semibold text-slate-900">
          {t("sales.admin.pipeline.lossReasons")}
        </h2>
        <ol className="space-y-3">
          {lossReasons.map((reason, index) => {
            const found = refusalFor("reason-update", reason.id);
            return (
              <li key={reason.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`reason-${reason.id}`}>
                <p className="mb-3 flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-semibold tabular-nums text-slate-500">{index + 1}.</span>
                  <span className="font-medium text-slate-900">{reason.label}</span>
                  {!reason.active ? <Badge tone="slate">{t("sales.admin.pipeline.inactive")}</Badge> : null}
                  <span className="text-slate-600">{t("sales.admin.pipeline.dealCount", { count: format.number(reason.dealCount) })}</span>
                </p>
                <Form method="post" className="grid items-end gap-3 sm:grid-cols-[minmax(0,1fr)_auto_auto]" noValidate>
                  <CsrfField />
                  <input type="hidden" name="intent" value="reason-update" />
                  <input type="hidden" name="id" value={reason.id} />
                  <TextField label={t("sales.admin.pipeline.reasonLabel")} name="label" required maxLength={120} defaultValue={valueOf(found, "label", reason.label)} error={errorOf(found, "label")} />
                  <CheckboxField label={t("sales.admin.pipeline.active")} name="active" defaultChecked={found ? found.values.active === "on" : reason.active} className="pb-2" />
                  <Button type="submit" variant="secondary">
                    {t("common.save")}
                  </Button>
                </Form>
                <div className="mt-3 flex flex-wrap gap-2">
                  <OrderButtons intent="reason-move" id={reason.id} name={reason.label} first={index === 0} last={index === lossReasons.length - 1} />
                  {reason.deletable ? (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="reason-delete" />
                      <input type="hidden" name="id" value={reason.id} />
                      <Button type="submit" variant="ghost" size="sm">
                        {t("sales.admin.pipeline.deleteReason", { label: reason.label })}
                      </Button>
                    </Form>
                  ) : (
                    <span className="self-center text-xs text-slate-500">{t("sales.admin.pipeline.reasonInUseHint")}</span>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
        <Card title={t("sales.admin.pipeline.newReason")}>
          <Form method="post" className="grid items-end gap-3 sm:grid-cols-[minmax(0,1fr)_auto_auto]" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="reason-create" />
            <TextField label={t("sales.admin.pipeline.reasonLabel")} name="label" required maxLength={120} defaultValue={valueOf(newReason, "label", "")} error={errorOf(newReason, "label")} />
            <CheckboxField label={t("sales.admin.pipeline.active")} name="active" defaultChecked={newReason ? newReason.values.active === "on" : true} className="pb-2" />
            <Button type="submit">{t("sales.admin.pipeline.addReason")}</Button>
          </Form>
        </Card>
      </section>
    </div>
  );
}

function OrderButtons({ intent, id, name, first, last }: { intent: "stage-move" | "reason-move"; id: string; name: string; first: boolean; last: boolean }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="flex gap-2">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <Button type="submit" name="direction" value="up" variant="secondary" size="sm" disabled={first} aria-label={t("sales.admin.pipeline.moveUp", { name })}>
        ↑
      </Button>
      <Button type="submit" name="direction" value="down" variant="secondary" size="sm" disabled={last} aria-label={t("sales.admin.pipeline.moveDown", { name })}>
        ↓
      </Button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
