import { useState } from "react";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";

/** A secret shown once (creation, reveal, rotation), with a copy button. */
export function WebhookSecretShown({ secret, message }: { secret: string; message: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
      <p className="mb-2 font-medium">{message}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="webhook-secret" className="break-all rounded bg-white px-2 py-1 font-mono text-xs">
          {secret}
        </code>
        <Button type="button" variant="secondary" size="sm" onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
          {copied ? t("webhooks.secret.copied") : t("webhooks.secret.copy")}
        </Button>
      </div>
    </div>
  );
}
