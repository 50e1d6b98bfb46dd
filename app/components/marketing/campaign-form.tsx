import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { mergeFieldNames } from "~/domain/marketing/campaigns/merge-fields";
import type { MjmlProblem } from "~/domain/marketing/campaigns/campaign-render.server";
import { CsrfField } from "../csrf-field";
import { type CustomerFormFeedback, useFormFeedback } from "../customers/form-feedback";
import { useI18n } from "../i18n";
import { Button, ButtonLink } from "../ui/button";
import { CheckboxField, FormAlert, SelectField, TextareaField, TextField } from "../ui/field";
import { MjmlEditor } from "./mjml-editor";

/** The editor's values as the inputs hold them. */
export type CampaignFormValues = {
  name: string;
  segmentIds: string[];
  fromName: string;
  fromAddress: string;
  replyTo: string;
  subject: string;
  preheader: string;
  language: string;
  mjml: string;
  text: string;
  textEdited: boolean;
  excludeOpenIncidents: boolean;
  ratePerMinute: string;
  cost: string;
  attributionDays: string;
  version?: number;
};

export type CampaignFormFeedback = CustomerFormFeedback & { problems?: MjmlProblem[] };

type PreviewAnswer = { html: string | null; problems: MjmlProblem[] };

export function useProblemText() {
  const { t } = useI18n();
  return (problem: MjmlProblem) => {
    const text =
      problem.kind === "unknownField"
        ? t("campaign.problem.unknownField", { field: problem.message })
        : problem.kind === "unclosedField"
          ? t("campaign.problem.unclosedField")
          : problem.kind === "structure"
            ? t("campaign.problem.structure")
            : problem.message;
    return problem.line ? t("campaign.problem.line", { line: problem.line, message: text }) : text;
  };
}

const FRAME_HEIGHT = 576;

/** The live preview: the current MJML rendered by the server (debounced), in a sandboxed frame, desktop or mobile width. */
function CampaignPreview({ mjml, campaignId, onProblems }: { mjml: string; campaignId: string | null; onProblems: (problems: MjmlProblem[]) => void }) {
  const { t } = useI18n();
  const fetcher = useFetcher<PreviewAnswer>();
  const [width, setWidth] = useState<"desktop" | "mobile">("desktop");
  const [lastHtml, setLastHtml] = useState<string | null>(null);
  const csrfForm = useRef<HTMLFormElement>(null);
  const frameBox = useRef<HTMLDivElement>(null);
  const frameWidth = width === "desktop" ? 640 : 375;
  const [available, setAvailable] = useState<number | null>(null);
  const scale = available === null ? 1 : Math.min(1, available / frameWidth);

  useEffect(() => {
    const box = frameBox.current;
    if (!box || typeof ResizeObserver === "undefined") return;
    const measure = () => setAvailable(Math.max(120, box.clientWidth - 16));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  const submit = fetcher.submit;

  useEffect(() => {
    const timer = setTimeout(() => {
      const data = new FormData(csrfForm.current ?? undefined);
      data.set("mjml", mjml);
      data.set("campaignId", campaignId ?? "");
      submit(data, { method: "post", action: "/marketing/campagnes/apercu" });
    }, 500);
    return () => clearTimeout(timer);
  }, [mjml, campaignId, submit]);

  useEffect(() => {
    if (!fetcher.data) return;
    onProblems(fetcher.data.problems);
    if (fetcher.data.html !== null) setLastHtml(fetcher.data.html);
  }, [fetcher.data, onProblems]);

  return (
    <section aria-labelledby="campaign-preview-title" className="space-y-2">
      <form ref={csrfForm} hidden>
        <CsrfField />
      </form>
      <div className="flex items-center justify-between gap-2">
        <h2 id="campaign-preview-title" className="text-sm font-semibold text-slate-800">
          {t("campaign.preview.title")}
        </h2>
        <div role="group" aria-label={t("campaign.preview.width")} className="flex gap-1">
          {(["desktop", "mobile"] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={width === option}
              onClick={() => setWidth(option)}
              className={`rounded px-2 py-1 text-xs ${width === option ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700"}`}
            >
              {t(`campaign.preview.${option}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="text-xs text-slate-500" aria-live="polite">
        {fetcher.state !== "idle" ? t("campaign.preview.updating") : lastHtml ? t("campaign.preview.ready") : t("campaign.preview.empty")}
      </p>
      <div ref={frameBox} className="overflow-auto rounded-md border border-slate-200 bg-slate-100 p-2">
        {lastHtml ? (
          // Shown whole, scaled down when the column is narrower than the width it renders at.
          <div className="mx-auto overflow-hidden" style={{ width: frameWidth * scale, height: FRAME_HEIGHT * scale }}>
            <iframe
              title={t("campaign.preview.frameTitle", { width: t(`campaign.preview.${width}`) })}
              sandbox=""
              srcDoc={lastHtml}
              data-width={width}
              className="block bg-white"
              style={{ width: frameWidth, height: FRAME_HEIGHT, transform: scale < 1 ? `scale(${scale})` : undefined, transformOrigin: "top left" }}
            />
          </div>
        ) : null}
      </div>
    </section>
  );
}

export function CampaignForm({
  values,
  segments,
  feedback,
  campaignId,
  submitLabel,
  cancelTo,
}: {
  values: CampaignFormValues;
  segments: Array<{ id: string; name: string }>;
  feedback?: CampaignFormFeedback;
  campaignId: string | null;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const fields = useFormFeedback(feedback);
  const problemText = useProblemText();
  const v = (name: keyof CampaignFormValues) => fields.value(name, String(values[name] ?? ""));
  const submittedSegments = feedback?.values.segmentIds;
  const chosenSegments = submittedSegments === undefined ? (feedback ? [] : values.segmentIds) : Array.isArray(submittedSegments) ? submittedSegments : [submittedSegments];
  const checked = (name: "textEdited" | "excludeOpenIncidents") => (feedback ? feedback.values[name] === "on" : values[name]);
  const [mjml, setMjml] = useState(v("mjml"));
  const [problems, setProblems] = useState<MjmlProblem[]>(feedback?.problems ?? []);
  const [insertRequest, setInsertRequest] = useState<{ text: string; serial: number } | null>(null);
  const [picked, setPicked] = useState<string>(mergeFieldNames[0]);
  const mjmlId = useId();
  const problemsId = `${mjmlId}-problems`;
  const busy = navigation.state !== "idle";

  return (
    <Form method="post" className="space-y-6" noValidate>
      <CsrfField />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {fields.formError ? <FormAlert>{fields.formError}</FormAlert> : fields.hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <TextField label={t("campaign.form.name")} name="name" required maxLength={160} defaultValue={v("name")} error={fields.text("name")} />
        <SelectField
          label={t("campaign.form.language")}
          name="language"
          defaultValue={v("language")}
          error={fields.text("language")}
          options={[
            { value: "fr", label: t("locale.fr") },
            { value: "en", label: t("locale.en") },
          ]}
        />
      </div>
      <fieldset className="space-y-2" aria-describedby={fields.text("segmentIds") ? "segments-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t("campaign.form.segments")}</legend>
        {segments.length === 0 ? <p className="text-sm text-slate-600">{t("campaign.form.noSegments")}</p> : null}
        <div className="grid gap-1 sm:grid-cols-2">
          {segments.map((segment) => (
            <label key={segment.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="segmentIds" value={segment.id} defaultChecked={chosenSegments.includes(segment.id)} className="h-4 w-4 rounded border-slate-300" />
              {segment.name}
            </label>
          ))}
        </div>
        {fields.text("segmentIds") ? (
          <p id="segments-error" role="alert" className="text-sm text-red-700">
            {fields.text("segmentIds")}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-4 lg:grid-cols-3">
        <TextField label={t("campaign.form.fromName")} name="fromName" required defaultValue={v("fromName")} error={fields.text("fromName")} />
        <TextField label={t("campaign.form.fromAddress")} name="fromAddress" type="email" required defaultValue={v("fromAddress")} error={fields.text("fromAddress")} />
        <TextField label={t("campaign.form.replyTo")} name="replyTo" type="email" defaultValue={v("replyTo")} error={fields.text("replyTo")} hint={t("campaign.form.replyToHint")} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <TextField label={t("campaign.form.subject")} name="subject" maxLength={250} defaultValue={v("subject")} error={fields.text("subject")} hint={t("campaign.form.subjectHint")} />
        <TextField label={t("campaign.form.preheader")} name="preheader" maxLength={250} defaultValue={v("preheader")} error={fields.text("preheader")} hint={t("campaign.form.preheaderHint")} />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <div className="space-y-2">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <label htmlFor={mjmlId} className="text-sm font-medium text-slate-800">
              {t("campaign.form.mjml")}
            </label>
            <div className="flex items-end gap-2">
              <label className="text-xs text-slate-600">
                {t("campaign.form.mergeField")}
                <select className="ml-2 rounded border border-slate-300 px-1 py-0.5 text-xs" value={picked} onChange={(event) => setPicked(event.target.value)}>
                  {mergeFieldNames.map((name) => (
                    <option key={name} value={name}>
                      {t(`campaign.mergeField.${name}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="rounded bg-slate-100 px-2 py-1 text-xs text-slate-800 hover:bg-slate-200"
                onClick={() => setInsertRequest((previous) => ({ text: `{{${picked}|${t("campaign.form.fallbackExample")}}}`, serial: (previous?.serial ?? 0) + 1 }))}
              >
                {t("campaign.form.insertField")}
              </button>
            </div>
          </div>
          <MjmlEditor name="mjml" errorLines={problems.flatMap((problem) => (problem.line ? [problem.line] : []))} id={mjmlId} defaultValue={v("mjml")} describedBy={problemsId} onChange={setMjml} insertRequest={insertRequest} label={t("campaign.form.mjml")} />
          <div id={problemsId} aria-live="polite">
            {problems.length > 0 ? (
              <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800" aria-label={t("campaign.problem.title")}>
                {problems.map((problem, index) => (
                  <li key={index}>{problemText(problem)}</li>
                ))}
              </ul>
            ) : (
              <p className="text-xs text-slate-500">{t("campaign.form.mjmlHint")}</p>
            )}
          </div>
        </div>
        <CampaignPreview mjml={mjml} campaignId={campaignId} onProblems={setProblems} />
      </div>
      <div className="space-y-2">
        <TextareaField label={t("campaign.form.text")} name="text" rows={8} defaultValue={v("text")} error={fields.text("text")} hint={t("campaign.form.textHint")} />
        <CheckboxField label={t("campaign.form.textEdited")} name="textEdited" defaultChecked={checked("textEdited")} hint={t("campaign.form.textEditedHint")} />
        {campaignId ? (
          <Button type="submit" name="intent" value="regenerateText" variant="secondary" size="sm" disabled={busy}>
            {t("campaign.form.regenerateText")}
          </Button>
        ) : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <TextField label={t("campaign.form.rate")} name="ratePerMinute" inputMode="numeric" defaultValue={v("ratePerMinute")} error={fields.text("ratePerMinute")} hint={t("campaign.form.rateHint")} />
        <TextField label={t("campaign.form.cost")} name="cost" inputMode="decimal" defaultValue={v("cost")} error={fields.text("cost")} hint={t("campaign.form.costHint")} />
        <TextField label={t("campaign.form.attribution")} name="attributionDays" inputMode="numeric" defaultValue={v("attributionDays")} error={fields.text("attributionDays")} hint={t("campaign.form.attributionHint")} />
      </div>
      <CheckboxField label={t("campaign.form.excludeOpenIncidents")} name="excludeOpenIncidents" defaultChecked={checked("excludeOpenIncidents")} hint={t("campaign.form.excludeOpenIncidentsHint")} />
      <div className="flex gap-3">
        <Button type="submit" name="intent" value="save" disabled={busy}>
          {submitLabel}
        </Button>
        <ButtonLink to={cancelTo} variant="secondary">
          {t("common.cancel")}
        </ButtonLink>
      </div>
    </Form>
  );
}

