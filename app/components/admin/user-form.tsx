import { Form, useNavigation } from "@remix-run/react";
import { roles } from "~/domain/identity/permissions";
import type { FieldErrors } from "~/lib/forms";
import { locales } from "~/lib/i18n/locales";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { CheckboxField, FormAlert, SelectField, TextField } from "../ui/field";

export type UserFormValues = {
  name: string;
  email: string;
  role: string;
  locale: string;
  groupIds: string[];
  restrictToGroups: boolean;
  writesKnowledge: boolean;
  active: boolean;
  version?: string;
};

/** Create and edit form for staff accounts; shows each field's error next to it. */
export function UserForm({
  mode,
  values,
  groups,
  fieldErrors,
  formError,
}: {
  mode: "create" | "edit";
  values: UserFormValues;
  groups: Array<{ id: string; name: string }>;
  fieldErrors?: FieldErrors;
  formError?: string | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const error = (name: string) => {
    const key = fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const hasErrors = Boolean(fieldErrors && Object.keys(fieldErrors).length > 0);
  return (
    <Form method="post" className="max-w-2xl space-y-5" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="save" />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("admin.users.name")} name="name" required defaultValue={values.name} error={error("name")} autoComplete="off" />
        <TextField label={t("admin.users.email")} name="email" type="email" required defaultValue={values.email} error={error("email")} autoComplete="off" />
        <SelectField
          label={t("admin.users.role")}
          name="role"
          defaultValue={values.role}
          error={error("role")}
          options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        />
        <SelectField
          label={t("admin.users.locale")}
          name="locale"
          defaultValue={values.locale}
          error={error("locale")}
          options={locales.map((locale) => ({ value: locale, label: t(`locale.${locale}`) }))}
        />
        {mode === "create" ? (
          <TextField label={t("admin.users.initialPassword")} name="password" type="password" autoComplete="new-password" required error={error("password")} />
        ) : null}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{t("admin.users.groups")}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {groups.map((group) => (
            <CheckboxField key={group.id} label={group.name} name="groupIds" value={group.id} defaultChecked={values.groupIds.includes(group.id)} />
          ))}
        </div>
        {error("groupIds") ? <p className="text-sm text-red-700">{error("groupIds")}</p> : null}
      </fieldset>
      <CheckboxField
        label={t("admin.users.restrictToGroups")}
        hint={t("admin.users.restrictHint")}
        name="restrictToGroups"
        defaultChecked={values.restrictToGroups}
      />
      <CheckboxField
        label={t("knowledge.admin.writesKnowledge")}
        hint={t("knowledge.admin.writesKnowledgeHint")}
        name="writesKnowledge"
        defaultChecked={values.writesKnowledge}
      />
      {mode === "edit" ? (
        <CheckboxField label={t("admin.users.activeLabel")} hint={t("admin.users.activeHint")} name="active" defaultChecked={values.active} error={error("active")} />
      ) : null}
      <div className="flex gap-3">
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {mode === "create" ? t("common.create") : t("common.save")}
        </Button>
      </div>
    </Form>
  );
}
