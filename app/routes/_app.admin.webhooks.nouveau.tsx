import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";
import { WebhookEndpointForm } from "~/components/webhooks/webhook-endpoint-form";
import { WebhookSecretShown } from "~/components/webhooks/webhook-secret";
import { DomainError } from "~/domain/errors";
import { createWebhookEndpoint } from "~/domain/webhooks/webhook-endpoints.server";
import { webhookEndpointFormSchema } from "~/domain/webhooks/webhook-schemas";
import { requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouveau webhook · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, webhookEndpointFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, created: null }, { status: 400 });
  try {
    const created = await createWebhookEndpoint({ form: parsed.data, actorId: admin.id });
    // The secret is shown this once (the page answers the post; it is never in a URL or a cookie).
    return data({ fieldErrors: null, values: null, created });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: { [error.field ?? "url"]: error.code }, values: submittedValues(form), created: null }, { status: 400 });
    throw error;
  }
}

export default function NewWebhookPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  if (actionData?.created) {
    return (
      <Card title={t("webhooks.newTitle")} className="max-w-3xl">
        <div className="space-y-4">
          <WebhookSecretShown secret={actionData.created.secret} message={t("webhooks.created")} />
          <p className="text-sm text-slate-600">{t("webhooks.secret.intro")}</p>
          <ButtonLink to={`/admin/webhooks/${actionData.created.id}`} variant="primary">
            {t("webhooks.continue")}
          </ButtonLink>
        </div>
      </Card>
    );
  }
  return (
    <Card title={t("webhooks.newTitle")} className="max-w-3xl">
      <WebhookEndpointForm
        defaults={{ url: "", description: "", events: ["ticket.created", "ticket.updated", "message.created"], active: true }}
        values={actionData?.values}
        fieldErrors={actionData?.fieldErrors}
        submitLabel={t("webhooks.create")}
      />
    </Card>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
