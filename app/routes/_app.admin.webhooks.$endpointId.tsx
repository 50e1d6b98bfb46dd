import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert } from "~/components/ui/field";
import { Badge, Card } from "~/components/ui/layout";
import { WebhookDeliveryLog } from "~/components/webhooks/webhook-delivery-log";
import { WebhookEndpointForm } from "~/components/webhooks/webhook-endpoint-form";
import { WebhookSecretShown } from "~/components/webhooks/webhook-secret";
import { DomainError } from "~/domain/errors";
import { replayWebhookDelivery, sendWebhookPing } from "~/domain/webhooks/webhook-delivery.server";
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  reactivateWebhookEndpoint,
  revealWebhookSecret,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  WebhookEndpointConflictError,
} from "~/domain/webhooks/webhook-endpoints.server";
import { revealSecretSchema, webhookDeliveryFilters, webhookEndpointUpdateSchema, type WebhookDeliveryFilter } from "~/domain/webhooks/webhook-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { SecretUnreadableError } from "~/lib/secret-box.server";

export const meta: MetaFunction = () => [{ title: "Webhook · Comptoir" }];

/** The log shows the start of each body; the full body is what was sent (and what a replay sends). */
const PAYLOAD_SHOWN_CHARS = 4000;

function filterFrom(url: URL): WebhookDeliveryFilter {
  const requested = url.searchParams.get("etat");
  return (webhookDeliveryFilters as readonly string[]).includes(requested ?? "") ? (requested as WebhookDeliveryFilter) : "all";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const endpoint = await getWebhookEndpoint(params.endpointId ?? "");
  if (!endpoint) throw notFound();
  const url = new URL(request.url);
  const filter = filterFrom(url);
  const log = await listWebhookDeliveries(endpoint.id, { filter, page: Number(url.searchParams.get("page")) || 1 });
  return {
    endpoint: {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      active: endpoint.active,
      version: endpoint.version,
      consecutiveFailures: endpoint.consecutiveFailures,
      disabledAt: endpoint.disabledAt?.toISOString() ?? null,
      disabledReason: endpoint.disabledReason,
      previousSecretExpiresAt: endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? endpoint.previousSecretExpiresAt.toISOString() : null,
      createdAt: endpoint.createdAt.toISOString(),
      createdBy: endpoint.createdBy?.name ?? null,
    },
    filter,
    log: {
      ...log,
      rows: log.rows.map((row) => ({
        id: row.id,
        eventType: row.eventType,
        webhookId: row.webhookId,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt.toISOString(),
        lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
        responseStatus: row.responseStatus,
        durationMs: row.durationMs,
        responseBody: row.responseBody,
        lastError: row.lastError,
        deliveredAt: row.deliveredAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
        payload: row.payload.slice(0, PAYLOAD_SHOWN_CHARS),
        payloadTruncated: row.payload.length > PAYLOAD_SHOWN_CHARS,
      })),
    },
  };
}

type ActionAnswer = {
  intent: string;
  fieldErrors: FieldErrors | null;
  values: Record<string, string | string[]> | null;
  formError: MessageKey | null;
  ping: { ok: boolean; status: number | null; durationMs: number | null; error: string } | null;
  secret: { value: string; message: MessageKey } | null;
};

function answer(intent: string, fields: Partial<ActionAnswer>, init?: number) {
  const body: ActionAnswer = { intent, fieldErrors: null, values: null, formError: null, ping: null, secret: null, ...fields };
  return data(body, init ? { status: init } : undefined);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const endpoint = await getWebhookEndpoint(params.endpointId ?? "");
  if (!endpoint) throw notFound();
  const here = `/admin/webhooks/${endpoint.id}`;
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");

  switch (intent) {
    case "save": {
      const parsed = parseForm(form, webhookEndpointUpdateSchema);
      if (!parsed.ok) return answer(intent, { fieldErrors: parsed.fieldErrors, values: parsed.values }, 400);
      try {
        await updateWebhookEndpoint({ endpointId: endpoint.id, form: parsed.data, actorId: admin.id });
      } catch (error) {
        if (error instanceof WebhookEndpointConflictError) return answer(intent, { formError: error.code, values: submittedValues(form) }, 409);
        if (error instanceof DomainError) return answer(intent, { fieldErrors: { [error.field ?? "url"]: error.code }, values: submittedValues(form) }, 400);
        throw error;
      }
      return redirectWithToast(here, { kind: "success", message: "webhooks.saved" });
    }
    case "ping": {
      const result = await sendWebhookPing({ endpointId: endpoint.id });
      return answer(intent, { ping: { ok: result.ok, status: result.status, durationMs: result.durationMs, error: result.ok ? "" : result.error } });
    }
    case "reveal-secret":
    case "rotate-secret": {
      const parsed = parseForm(form, revealSecretSchema);
      if (!parsed.ok) return answer(intent, { fieldErrors: parsed.fieldErrors }, 400);
      if (intent === "rotate-secret") {
        const secret = await rotateWebhookSecret({ endpointId: endpoint.id, actorId: admin.id });
        return answer(intent, { secret: { value: secret, message: "webhooks.secret.rotated" } });
      }
      try {
        return answer(intent, { secret: { value: await revealWebhookSecret({ endpointId: endpoint.id, actorId: admin.id }), message: "webhooks.secret.shownOnce" } });
      } catch (error) {
        if (error instanceof SecretUnreadableError) return answer(intent, { formError: "webhooks.secret.unreadable" }, 409);
        throw error;
      }
    }
    case "reactivate":
      await reactivateWebhookEndpoint({ endpointId: endpoint.id, actorId: admin.id });
      return redirectWithToast(here, { kind: "success", message: "webhooks.reactivated" });
    case "delete":
      await deleteWebhookEndpoint({ endpointId: endpoint.id, actorId: admin.id });
      return redirectWithToast("/admin/webhooks", { kind: "success", message: "webhooks.deleted" });
    case "replay": {
      try {
        await replayWebhookDelivery({ endpointId: endpoint.id, deliveryId: String(form.get("deliveryId") ?? ""), actorId: admin.id });
      } catch (error) {
        // Another endpoint's delivery, one in progress, or none: not found.
        if (error instanceof DomainError) throw notFound();
        throw error;
      }
      const back = new URL(request.url);
      return redirectWithToast(`${here}${back.search}`, { kind: "success", message: "webhooks.log.replayed" });
    }
    default:
      return answer(intent, { formError: "validation.choose" }, 400);
  }
}

export default function WebhookEndpointPage() {
  const { endpoint, filter, log } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const busy = useNavigation().state === "submitting";
  const saveAnswer = actionData?.intent === "save" ? actionData : null;
  const secretAnswer = actionData?.intent === "reveal-secret" || actionData?.intent === "rotate-secret" ? actionData : null;
  const confirmError = (intent: string) => (actionData?.intent === intent && actionData.fieldErrors?.confirm ? t(actionData.fieldErrors.confirm) : null);
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link to="/admin/webhooks" className="text-brand-700 hover:underline">
          ← {t("webhooks.backToList")}
        </Link>
      </p>
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <Card title={t("webhooks.editTitle")}>
          {saveAnswer?.formError ? (
            <div className="mb-4">
              <FormAlert>{t(saveAnswer.formError)}</FormAlert>
            </div>
          ) : null}
          <WebhookEndpointForm
            key={endpoint.version}
            defaults={{ url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active }}
            values={saveAnswer?.values}
            fieldErrors={saveAnswer?.fieldErrors}
            version={endpoint.version}
            submitLabel={t("webhooks.save")}
          />
          <p className="mt-4 text-xs text-slate-500">
            {endpoint.createdBy ? t("webhooks.createdBy", { date: format.dateTime(endpoint.createdAt), name: endpoint.createdBy }) : t("webhooks.createdAt", { date: format.dateTime(endpoint.createdAt) })}
          </p>
        </Card>
        <div className="space-y-4">
          <Card title={t("webhooks.stateTitle")}>
            <div className="space-y-3 text-sm text-slate-700">
              <p>
                {endpoint.active ? (
                  <Badge tone="green">{t("webhooks.state.active")}</Badge>
                ) : endpoint.disabledAt ? (
                  <Badge tone="red">{t("webhooks.state.disabled")}</Badge>
                ) : (
                  <Badge>{t("webhooks.state.inactive")}</Badge>
                )}
              </p>
              {endpoint.consecutiveFailures > 0 ? <p className="text-red-700">{t("webhooks.failuresInRow", { count: format.number(endpoint.consecutiveFailures) })}</p> : null}
              {endpoint.disabledAt ? <p>{t("webhooks.disabledAt", { date: format.dateTime(endpoint.disabledAt) })}</p> : null}
              {endpoint.disabledReason ? <p className="break-words font-mono text-xs text-red-700">{t("webhooks.disabledReason", { reason: endpoint.disabledReason })}</p> : null}
              {!endpoint.active ? (
                <Form method="post" className="space-y-2">
                  <CsrfField />
                  <p className="text-slate-600">{t("webhooks.inactiveHint")}</p>
                  <Button type="submit" name="intent" value="reactivate" disabled={busy}>
                    {t("webhooks.reactivate")}
                  </Button>
                </Form>
              ) : null}
            </div>
          </Card>
          <Card title={t("webhooks.testTitle")}>
            <Form method="post" className="space-y-3 text-sm">
              <CsrfField />
              <p className="text-slate-600">{t("webhooks.testHint")}</p>
              {actionData?.intent === "ping" && actionData.ping ? (
                actionData.ping.ok ? (
                  <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900">
                    {t("webhooks.testOk", { status: actionData.ping.status ?? "", duration: format.number(actionData.ping.durationMs ?? 0) })}
                  </p>
                ) : (
                  <FormAlert>{t("webhooks.testFailed", { error: actionData.ping.error })}</FormAlert>
                )
              ) : null}
              <Button type="submit" name="intent" value="ping" variant="secondary" disabled={busy}>
                {t("webhooks.test")}
              </Button>
            </Form>
          </Card>
          <Card title={t("webhooks.secret.title")}>
            <div className="space-y-4 text-sm">
              <p className="text-slate-600">{t("webhooks.secret.intro")}</p>
              {secretAnswer?.secret ? <WebhookSecretShown secret={secretAnswer.secret.value} message={t(secretAnswer.secret.message)} /> : null}
              {secretAnswer?.formError ? <FormAlert>{t(secretAnswer.formError)}</FormAlert> : null}
              {endpoint.previousSecretExpiresAt ? <p className="text-amber-800">{t("webhooks.secret.previousUntil", { date: format.dateTime(endpoint.previousSecretExpiresAt) })}</p> : null}
              <Form method="post" className="space-y-2">
                <CsrfField />
                <CheckboxField label={t("webhooks.secret.confirmReveal")} name="confirm" error={confirmError("reveal-secret")} />
                <Button type="submit" name="intent" value="reveal-secret" variant="secondary" disabled={busy}>
                  {t("webhooks.secret.reveal")}
                </Button>
              </Form>
              <Form method="post" className="space-y-2">
                <CsrfField />
                <CheckboxField label={t("webhooks.secret.confirmRotate")} name="confirm" error={confirmError("rotate-secret")} />
                <Button type="submit" name="intent" value="rotate-secret" variant="secondary" disabled={busy}>
                  {t("webhooks.secret.rotate")}
                </Button>
              </Form>
            </div>
          </Card>
          <Card title={t("webhooks.deleteTitle")}>
            <Form method="post" className="space-y-3">
              <CsrfField />
              <p className="text-sm text-slate-600">{t("webhooks.deleteHint")}</p>
              <Button type="submit" name="intent" value="delete" variant="danger" size="sm" disabled={busy}>
                {t("webhooks.delete")}
              </Button>
            </Form>
          </Card>
        </div>
      </div>
      <WebhookDeliveryLog basePath={`/admin/webhooks/${endpoint.id}`} filter={filter} counts={log.counts} rows={log.rows} page={log.page} pageCount={log.pageCount} />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
