import { Form } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Badge, Card } from "~/components/ui/layout";
import { API_TOKEN_LIFETIMES } from "~/domain/identity/api-token-schemas";
import type { ApiTokenSummary } from "~/domain/identity/api-tokens.server";
import type { ApiScope } from "~/domain/identity/permissions";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string;
  revokedAt: string | null;
  owner?: { name: string; email: string };
};

/** What the browser may see of a token (never its hash); the owner for the administrators' list. */
export function toApiTokenRow(token: ApiTokenSummary, withOwner = false): ApiTokenRow {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: token.lastUsedIp,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    ...(withOwner ? { owner: { name: token.user.name, email: token.user.email } } : {}),
  };
}

/** A token list with its revoke buttons; `showOwner` for the administrators' view. */
export function ApiTokenList({ tokens, showOwner = false }: { tokens: ApiTokenRow[]; showOwner?: boolean }) {
  const { t, format } = useI18n();
  if (tokens.length === 0) return <p className="text-sm text-slate-600">{t("api.tokens.none")}</p>;
  const now = Date.now();
  return (
    <ul className="divide-y divide-slate-100">
      {tokens.map((token) => {
        const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() <= now;
        return (
          <li key={token.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
            <div className="min-w-0 space-y-1">
              <p className="font-medium text-slate-900">
                {token.name} <code className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">{token.prefix}…</code>
                {token.revokedAt ? <Badge tone="red">{t("api.tokens.revokedAt", { date: format.date(token.revokedAt) })}</Badge> : null}
                {!token.revokedAt && expired ? <Badge tone="amber">{t("api.tokens.expiredAt", { date: format.date(token.expiresAt!) })}</Badge> : null}
              </p>
              {showOwner && token.owner ? (
                <p className="text-xs text-slate-600">
                  {t("api.tokens.owner")} : {token.owner.name} · {token.owner.email}
                </p>
              ) : null}
              <p className="flex flex-wrap gap-1">
                {token.scopes.map((scope) => (
                  <Badge key={scope} tone="slate">
                    {scope}
                  </Badge>
                ))}
              </p>
              <p className="text-xs text-slate-500">
                {t("api.tokens.createdAt", { date: format.date(token.createdAt) })} ·{" "}
                {token.expiresAt ? t("api.tokens.expiresAt", { date: format.date(token.expiresAt) }) : t("api.tokens.noExpiry")} ·{" "}
                {token.lastUsedAt ? t("api.tokens.lastUsed", { date: format.dateTime(token.lastUsedAt), ip: token.lastUsedIp || "—" }) : t("api.tokens.neverUsed")}
              </p>
            </div>
            {!token.revokedAt ? (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="revoke-token" />
                <input type="hidden" name="tokenId" value={token.id} />
                <Button type="submit" variant="secondary" size="sm" aria-label={`${t("api.tokens.revoke")} ${token.name}`}>
                  {t("api.tokens.revoke")}
                </Button>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The account page's tokens: the one just created (shown once), the form, the list. */
export function ApiTokensCard(props: {
  tokens: ApiTokenRow[];
  scopes: ApiScope[];
  created: { name: string; token: string } | null;
  fieldErrors: FieldErrors;
  values: Record<string, string | string[]>;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const chosen = new Set(Array.isArray(props.values.scopes) ? props.values.scopes : props.values.scopes ? [props.values.scopes] : []);
  const error = (name: string) => (props.fieldErrors[name] ? t(props.fieldErrors[name]!) : null);
  return (
    <Card title={t("api.tokens.title")} className="lg:col-span-2">
      <p className="mb-4 text-sm text-slate-600">{t("api.tokens.intro")}</p>
      {props.created ? (
        <div role="status" className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p className="mb-2 font-medium">{t("api.tokens.created", { name: props.created.name })}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="new-api-token" className="break-all rounded bg-white px-2 py-1 font-mono text-xs">
              {props.created.token}
            </code>
            <Button
              type="button"
              variant="secondary"
              size="sm"
              onClick={() => {
                void navigator.clipboard?.writeText(props.created!.token).then(() => setCopied(true));
              }}
            >
              {copied ? t("api.tokens.copied") : t("api.tokens.copy")}
            </Button>
          </div>
        </div>
      ) : null}
      <Form method="post" className="mb-6 grid gap-4 md:grid-cols-2" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="create-token" />
        <TextField label={t("api.tokens.name")} name="name" hint={t("api.tokens.nameHint")} defaultValue={typeof props.values.name === "string" ? props.values.name : ""} error={error("name")} maxLength={100} />
        <SelectField
          label={t("api.tokens.lifetime")}
          name="lifetime"
          defaultValue={typeof props.values.lifetime === "string" ? props.values.lifetime : "90"}
          options={API_TOKEN_LIFETIMES.map((lifetime) => ({ value: lifetime, label: t(`api.tokens.lifetime.${lifetime}` as MessageKey) }))}
          error={error("lifetime")}
        />
        <fieldset className="md:col-span-2" aria-describedby={error("scopes") ? "token-scopes-error" : undefined}>
          <legend className="mb-2 text-sm font-medium text-slate-800">{t("api.tokens.scopes")}</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {props.scopes.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={chosen.has(scope)} className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                <span>
                  {t(`api.scope.${scope}` as MessageKey)} <code className="text-xs text-slate-500">{scope}</code>
                </span>
              </label>
            ))}
          </div>
          {error("scopes") ? (
            <p id="token-scopes-error" className="mt-1 text-sm text-red-700">
              {error("scopes")}
            </p>
          ) : null}
        </fieldset>
        <div className="md:col-span-2">
          <Button type="submit">{t("api.tokens.create")}</Button>
        </div>
      </Form>
      <ApiTokenList tokens={props.tokens} />
    </Card>
  );
}
