import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert, SelectField, TextField } from "~/components/ui/field";
import { afterProcessingActions } from "~/domain/channels/email/mailbox-schemas";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export type MailboxFormValues = Partial<Record<string, string | string[]>>;
export type ConnectionTest = { ok: true; folder: string; messageCount: number } | { ok: false; error: string };

/** The result of "Test connection": what the server answered, in words. */
export function ConnectionTestResult({ test }: { test: ConnectionTest | null | undefined }) {
  const { t, format } = useI18n();
  if (!test) return null;
  return test.ok ? (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
      {t("email.mailbox.testOk", { folder: test.folder, count: format.number(test.messageCount) })}
    </div>
  ) : (
    <FormAlert>{t("email.mailbox.testFailed", { error: test.error })}</FormAlert>
  );
}

/**
 * The mailbox form (new and edit). Values come back after an error or a connection test, so
 * nothing typed is lost (except the password, which is never sent back to the browser).
 */
export function MailboxForm({
  defaults,
  values,
  fieldErrors,
  groups,
  editing,
  test,
}: {
  defaults: Record<string, string | boolean>;
  values?: MailboxFormValues | null;
  fieldErrors?: Partial<Record<string, MessageKey>> | null;
  groups: Array<{ id: string; name: string }>;
  editing: boolean;
  test?: ConnectionTest | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const value = (name: string): string => {
    const submitted = values?.[name];
    if (typeof submitted === "string") return submitted;
    const fallback = defaults[name];
    return typeof fallback === "string" ? fallback : "";
  };
  const checked = (name: string): boolean => (values ? values[name] === "on" : defaults[name] === true);
  const error = (name: string) => {
    const key = fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const [after, setAfter] = useState(value("afterProcessing") || "leave");
  return (
    <Form method="post" className="space-y-5" noValidate>
      <CsrfField />
      {fieldErrors && Object.keys(fieldErrors).length > 0 ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <ConnectionTestResult test={test} />
      <TextField label={t("email.mailbox.name")} name="name" required defaultValue={value("name")} error={error("name")} hint={t("email.mailbox.nameHint")} />
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <TextField label={t("email.mailbox.host")} name="host" required defaultValue={value("host")} error={error("host")} autoComplete="off" spellCheck={false} />
        <TextField label={t("email.mailbox.port")} name="port" required inputMode="numeric" defaultValue={value("port")} error={error("port")} />
      </div>
      <CheckboxField label={t("email.mailbox.tls")} name="tls" defaultChecked={checked("tls")} hint={t("email.mailbox.tlsHint")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("email.mailbox.username")} name="username" required defaultValue={value("username")} error={error("username")} autoComplete="off" spellCheck={false} />
        <TextField
          label={t("email.mailbox.password")}
          name="password"
          type="password"
          required={!editing}
          autoComplete="new-password"
          error={error("password")}
          hint={editing ? t("email.mailbox.passwordKeep") : t("email.mailbox.passwordStored")}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("email.mailbox.folder")} name="folder" required defaultValue={value("folder")} error={error("folder")} />
        <SelectField
          label={t("email.mailbox.defaultGroup")}
          name="defaultGroupId"
          defaultValue={value("defaultGroupId")}
          error={error("defaultGroupId")}
          options={[{ value: "", label: t("email.mailbox.noGroup") }, ...groups.map((group) => ({ value: group.id, label: group.name }))]}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("email.mailbox.afterProcessing")}
          name="afterProcessing"
          value={after}
          onChange={(event) => setAfter(event.target.value)}
          error={error("afterProcessing")}
          options={afterProcessingActions.map((action) => ({ value: action, label: t(`email.mailbox.after.${action}`) }))}
        />
        {after === "move" ? (
          <TextField label={t("email.mailbox.moveToFolder")} name="moveToFolder" required defaultValue={value("moveToFolder")} error={error("moveToFolder")} />
        ) : (
          <input type="hidden" name="moveToFolder" value={value("moveToFolder")} />
        )}
      </div>
      <TextField label={t("email.mailbox.pollSeconds")} name="pollSeconds" inputMode="numeric" required defaultValue={value("pollSeconds")} error={error("pollSeconds")} className="max-w-xs" />
      <CheckboxField label={t("email.mailbox.activeField")} name="active" defaultChecked={checked("active")} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" name="intent" value="save" disabled={busy}>
          {t("email.mailbox.save")}
        </Button>
        <Button type="submit" name="intent" value="test" variant="secondary" disabled={busy}>
          {t("email.mailbox.test")}
        </Button>
      </div>
    </Form>
  );
}
