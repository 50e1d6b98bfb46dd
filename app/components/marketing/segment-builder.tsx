import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert, TextareaField, TextField, control } from "~/components/ui/field";
import { Badge, Card, EmptyState, Table, Td, Th } from "~/components/ui/layout";
import { builderFamilies, builderKind, type BuilderChoices, type BuilderField } from "~/domain/marketing/segments/segment-builder-fields";
import type { SegmentCondition, SegmentDefinition } from "~/domain/marketing/segments/segment-definition";
import type { SampleContact, WhyExplanation } from "~/domain/marketing/segments/segment-preview.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

/**
 * The segment builder: groups of conditions with AND / OR, as a plain form (every button posts
 * the whole form: add, remove, preview, explain, save), made live with JavaScript (the count and
 * the sample follow the typing through a debounced GET to /marketing/segments/apercu).
 */

export type BuilderView = {
  definition: SegmentDefinition;
  issues: Record<string, MessageKey[]>;
  preview: { count: number; sample: SampleContact[] } | null;
  why: { search: string; candidates: SampleContact[]; explanation: WhyExplanation | null } | null;
};

type Props = {
  view: BuilderView;
  choices: BuilderChoices;
  fields: { name: string; description: string };
  fieldErrors?: Partial<Record<string, MessageKey>>;
  formError?: MessageKey | null;
  version?: number;
  readOnly?: boolean;
  extraActions?: React.ReactNode;
};

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

function ParamInput({ field, prefix, params, choices, error }: { field: BuilderField; prefix: string; params: Record<string, unknown>; choices: BuilderChoices; error: boolean }) {
  const { t } = useI18n();
  const name = `${prefix}.${field.name}`;
  const label = t(`segment.param.${field.name}` as MessageKey);
  const id = name.replace(/\./g, "-");
  if (field.input === "multi" || field.input === "openStages") {
    const options = field.input === "multi" ? field.options.map((option) => ({ value: option.value, label: option.label ? t(option.label) : option.value })) : choices.openStages.map((stage) => ({ value: stage.id, label: stage.name }));
    const checked = new Set(list(params[field.input === "multi" ? field.name : "stageIds"]));
    return (
      <fieldset className="min-w-0">
        <legend className="text-sm font-medium text-slate-800">{label}</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {options.map((option) => (
            <label key={option.value} className="inline-flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name={name} value={option.value} defaultChecked={checked.has(option.value)} className="h-4 w-4 rounded border-slate-300 text-brand-600" />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (field.input === "select" || field.input === "owner" || field.input === "campaign") {
    const options =
      field.input === "select"
        ? field.options.map((option) => ({ value: option.value, label: option.label ? t(option.label) : option.value }))
        : [{ value: "", label: "—" }, ...(field.input === "owner" ? choices.owners : choices.campaigns).map((entry) => ({ value: entry.id, label: entry.name }))];
    return (
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        <select id={id} name={name} defaultValue={text(params[field.name])} className={control} aria-invalid={error || undefined} data-discriminator={field.name}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={field.input === "number" ? "number" : field.input === "date" ? "date" : "text"}
        inputMode={field.input === "number" ? "numeric" : undefined}
        defaultValue={text(params[field.name])}
        className={control}
        aria-invalid={error || undefined}
      />
    </div>
  );
}

function ConditionEditor({ condition, group, index, choices, issues }: { condition: SegmentCondition; group: number; index: number; choices: BuilderChoices; issues: MessageKey[] }) {
  const { t } = useI18n();
  const kind = builderKind(condition.kind);
  const prefix = `g${group}.c${index}`;
  // The value of each select, so fields that depend on one (« dans les N derniers jours ») follow it with JavaScript.
  const [selects, setSelects] = useState<Record<string, string>>(() => Object.fromEntries((kind?.fields ?? []).filter((field) => field.input === "select").map((field) => [field.name, text(condition.params[field.name])])));
  const errorId = `${prefix}-errors`.replace(/\./g, "-");
  return (
    <li className="rounded-md border border-slate-200 bg-white p-3" aria-describedby={issues.length ? errorId : undefined} data-condition={prefix}>
      <input type="hidden" name={`${prefix}.kind`} value={condition.kind} />
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold text-slate-900">
          {kind ? `${t(`segment.family.${kind.family}`)} · ${t(kind.label)}` : condition.kind}
        </p>
        <div className="flex items-center gap-3">
          <label className="inline-flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name={`${prefix}.negate`} defaultChecked={Boolean(condition.negate)} className="h-4 w-4 rounded border-slate-300 text-brand-600" />
            {t("segment.form.negate")}
          </label>
          <Button type="submit" name="intent" value={`removeCondition:${group}.${index}`} variant="ghost" size="sm" formNoValidate>
            {t("segment.form.removeCondition")}
          </Button>
        </div>
      </div>
      <div
        className="grid gap-3 sm:grid-cols-2"
        onChange={(event) => {
          const target = event.target as HTMLSelectElement;
          const field = target.dataset?.discriminator;
          if (field) setSelects((current) => ({ ...current, [field]: target.value }));
        }}
      >
        {(kind?.fields ?? [])
          .filter((field) => !field.showWhen || Object.entries(field.showWhen).every(([name, values]) => values.includes(selects[name] ?? "")))
          .map((field) => (
            <ParamInput key={field.name} field={field} prefix={prefix} params={condition.params} choices={choices} error={issues.length > 0} />
          ))}
      </div>
      {issues.length ? (
        <ul id={errorId} className="mt-2 space-y-1 text-sm text-red-700" role="alert">
          {issues.map((issue) => (
            <li key={issue}>{t(issue)}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function PreviewPanel({ preview, pending, invalid }: { preview: BuilderView["preview"]; pending: boolean; invalid: boolean }) {
  const { t, format } = useI18n();
  return (
    <Card title={t("segment.preview.title")}>
      <div aria-live="polite" aria-busy={pending}>
        {invalid || !preview ? (
          <p className="text-sm text-slate-600">{t("segment.preview.invalid")}</p>
        ) : (
          <>
            <p className="text-lg font-semibold text-slate-900" data-testid="segment-count" data-count={preview.count}>
              {t("segment.preview.count", { count: format.number(preview.count) })}
            </p>
            {pending ? <p className="text-xs text-slate-500">{t("segment.preview.updating")}</p> : null}
          </>
        )}
      </div>
      {preview && !invalid ? (
        preview.sample.length === 0 ? (
          <EmptyState>{t("segment.preview.sampleEmpty")}</EmptyState>
        ) : (
          <div className="mt-3">
            <Table caption={t("segment.preview.sample")}>
              <thead>
                <tr>
                  <Th>{t("segment.preview.name")}</Th>
                  <Th>{t("segment.preview.company")}</Th>
                  <Th>{t("segment.preview.email")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.sample.map((contact) => (
                  <tr key={contact.id}>
                    <Td>{contact.name || "—"}</Td>
                    <Td>{contact.company ?? "—"}</Td>
                    <Td className="break-all">{contact.email ?? "—"}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
    </Card>
  );
}

function WhyPanel({ why }: { why: BuilderView["why"] }) {
  const { t } = useI18n();
  const explanation = why?.explanation ?? null;
  return (
    <Card title={t("segment.why.title")}>
      <div className="flex flex-wrap items-end gap-2">
        <TextField label={t("segment.why.search")} name="whySearch" defaultValue={why?.search ?? ""} className="min-w-[16rem] flex-1" />
        <Button type="submit" name="intent" value="why" variant="secondary" formNoValidate>
          {t("segment.why.searchAction")}
        </Button>
      </div>
      {why && why.candidates.length === 0 ? <p className="mt-3 text-sm text-slate-600">{t("segment.why.noMatch")}</p> : null}
      {explanation ? (
        <div className="mt-4 space-y-3" data-testid="segment-why">
          <p className="font-semibold text-slate-900" role="status">
            {t(explanation.result ? "segment.why.in" : "segment.why.out", { name: explanation.contact.name || explanation.contact.email || "—" })}
          </p>
          {explanation.groups.map((group, index) => (
            <div key={index}>
              <p className="text-sm font-medium text-slate-700">
                {t("segment.why.group", { number: index + 1, result: t(group.result ? "segment.why.met" : "segment.why.notMet") })}
              </p>
              <Table>
                <thead>
                  <tr>
                    <Th>{t("segment.why.condition")}</Th>
                    <Th>{t("segment.why.value")}</Th>
                    <Th>{t("segment.why.result")}</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {group.conditions.map((condition, position) => (
                    <tr key={position} data-testid="why-condition">
                      <Td>
                        {condition.description} {condition.negate ? <span className="text-slate-500">{t("segment.why.negated")}</span> : null}
                      </Td>
                      <Td>{condition.value}</Td>
                      <Td>{condition.met ? <Badge tone="green">{t("segment.why.met")}</Badge> : <Badge tone="red">{t("segment.why.notMet")}</Badge>}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          ))}
          {why && why.candidates.length > 1 ? (
            <div className="text-sm text-slate-700">
              <p>{t("segment.why.others")}</p>
              <div className="mt-1 flex flex-wrap gap-2">
                {why.candidates
                  .filter((candidate) => candidate.id !== explanation.contact.id)
                  .map((candidate) => (
                    <Button key={candidate.id} type="submit" name="whyContactId" value={candidate.id} variant="ghost" size="sm" formNoValidate>
                      {candidate.name || candidate.email} {candidate.company ? `(${candidate.company})` : ""}
                    </Button>
                  ))}
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

export function SegmentBuilder({ view, choices, fields, fieldErrors, formError, version, readOnly, extraActions }: Props) {
  const { t } = useI18n();
  const live = useFetcher<BuilderView>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const definition = view.definition;
  const shown = live.data && live.state === "idle" ? live.data : null;
  const issues = shown?.issues ?? view.issues;
  const preview = shown ? shown.preview : view.preview;

  function refresh() {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.delete("csrf");
      live.submit(data, { method: "get", action: "/marketing/segments/apercu" });
    }, 400);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <Form method="post" ref={formRef} onChange={refresh} onInput={refresh} className="space-y-6" noValidate>
      <CsrfField />
      {/* Enter in a field refreshes the preview (the first submit button is the form's default). */}
      <button type="submit" name="intent" value="preview" className="sr-only" tabIndex={-1} aria-hidden="true" />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {formError ? <FormAlert>{t(formError)}</FormAlert> : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4" key={JSON.stringify(definition)}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label={t("segment.form.name")} name="name" defaultValue={fields.name} error={fieldErrors?.name ? t(fieldErrors.name) : null} required maxLength={120} />
            <TextareaField label={t("segment.form.description")} name="description" defaultValue={fields.description} rows={2} error={fieldErrors?.description ? t(fieldErrors.description) : null} />
          </div>
          <input type="hidden" name="groupCount" value={definition.groups.length} />
          <div className="space-y-1">
            <label htmlFor="segment-match" className="block text-sm font-medium text-slate-800">
              {t("segment.form.match")}
            </label>
            <select id="segment-match" name="match" defaultValue={definition.match} className={`${control} max-w-sm`}>
              <option value="all">{t("segment.form.matchAll")}</option>
              <option value="any">{t("segment.form.matchAny")}</option>
            </select>
          </div>
          {definition.groups.map((group, groupIndex) => (
            <fieldset key={groupIndex} className="rounded-lg border border-slate-300 bg-slate-50 p-4" data-group={groupIndex}>
              <legend className="px-1 text-sm font-semibold text-slate-900">{t("segment.form.group", { number: groupIndex + 1 })}</legend>
              <input type="hidden" name={`g${groupIndex}.conditionCount`} value={group.conditions.length} />
              <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
                <div className="space-y-1">
                  <label htmlFor={`g${groupIndex}-match`} className="block text-sm font-medium text-slate-800">
                    {t("segment.form.groupMatch")}
                  </label>
                  <select id={`g${groupIndex}-match`} name={`g${groupIndex}.match`} defaultValue={group.match} className={control}>
                    <option value="all">{t("segment.form.groupAll")}</option>
                    <option value="any">{t("segment.form.groupAny")}</option>
                  </select>
                </div>
                <Button type="submit" name="intent" value={`removeGroup:${groupIndex}`} variant="ghost" size="sm" formNoValidate>
                  {t("segment.form.removeGroup", { number: groupIndex + 1 })}
                </Button>
              </div>
              {group.conditions.length === 0 ? <p className="mb-3 text-sm text-slate-600">{t("segment.form.noConditions")}</p> : null}
              <ul className="space-y-3">
                {group.conditions.map((condition, index) => (
                  <ConditionEditor key={index} condition={condition} group={groupIndex} index={index} choices={choices} issues={issues[`${groupIndex}.${index}`] ?? []} />
                ))}
              </ul>
              <div className="mt-3 flex flex-wrap items-end gap-2">
                <div className="space-y-1">
                  <label htmlFor={`g${groupIndex}-newKind`} className="block text-sm font-medium text-slate-800">
                    {t("segment.form.newKind")}
                  </label>
                  <select id={`g${groupIndex}-newKind`} name={`g${groupIndex}.newKind`} className={control} defaultValue="">
                    {builderFamilies.map(({ family, kinds }) => (
                      <optgroup key={family} label={t(`segment.family.${family}`)}>
                        {kinds.map((kind) => (
                          <option key={kind.kind} value={kind.kind}>
                            {t(kind.label)}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </div>
                <Button type="submit" name="intent" value={`addCondition:${groupIndex}`} variant="secondary" formNoValidate>
                  {t("segment.form.addCondition")}
                </Button>
              </div>
            </fieldset>
          ))}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="intent" value="addGroup" variant="secondary" formNoValidate>
              {t("segment.form.addGroup")}
            </Button>
            <Button type="submit" name="intent" value="preview" variant="secondary" formNoValidate>
              {t("segment.form.preview")}
            </Button>
          </div>
        </div>
        <div className="space-y-6">
          <PreviewPanel preview={preview} pending={live.state !== "idle"} invalid={Object.keys(issues).length > 0} />
          <WhyPanel why={view.why} />
        </div>
      </div>
      {readOnly ? null : (
        <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
          <Button type="submit" name="intent" value="save">
            {t("segment.form.save")}
          </Button>
          {extraActions}
        </div>
      )}
    </Form>
  );
}
