import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { SegmentBuilder } from "~/components/marketing/segment-builder";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { previewSegment } from "~/domain/marketing/segments/segment-preview.server";
import { archiveSegment, builderChoices, checkDefinition, loadSegment, segmentFieldsSchema, SegmentInvalidError, updateSegment } from "~/domain/marketing/segments/segments.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { formValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { answerBuilder, asksForExplanation, submittedIntent, typedSegmentFields } from "~/lib/marketing/segment-builder.server";

export const meta: MetaFunction = () => [{ title: "Segment · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "update:campaign");
  const segment = await loadSegment(params.segmentId ?? "");
  if (!segment) throw notFound();
  const checked = checkDefinition(segment.definition);
  const valid = Object.keys(checked.issues).length === 0;
  const [choices, preview] = await Promise.all([builderChoices(), valid ? previewSegment(checked.definition) : Promise.resolve(null)]);
  return {
    segment: { id: segment.id, name: segment.name, description: segment.description, version: segment.version, archivedAt: segment.archivedAt, campaigns: segment.campaigns },
    choices,
    view: { definition: segment.definition, issues: checked.issues, preview, why: null },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:campaign");
  const segmentId = params.segmentId ?? "";
  const segment = await loadSegment(segmentId);
  if (!segment) throw notFound();
  const fields = formValues(await readProtectedForm(request));
  const intent = submittedIntent(fields);
  const version = Number(Array.isArray(fields.version) ? fields.version[0] : fields.version);
  const answer = await answerBuilder(fields, user.locale, { explain: asksForExplanation(fields) });
  const typed = typedSegmentFields(fields);
  const reply = (status: number, extra: { fieldErrors?: FieldErrors; formError?: MessageKey | null; issues?: Record<string, MessageKey[]> } = {}) =>
    data({ ...answer, issues: extra.issues ?? answer.issues, fields: typed, fieldErrors: extra.fieldErrors ?? ({} as FieldErrors), formError: extra.formError ?? null }, { status });
  try {
    if (intent === "archive") {
      await archiveSegment(user.id, segmentId, version);
      return redirectWithToast("/marketing/segments", { kind: "success", message: "segment.toast.archived" });
    }
    if (intent !== "save") return reply(200);
    const parsed = segmentFieldsSchema.safeParse(fields);
    const fieldErrors: FieldErrors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message as MessageKey]));
    if (!parsed.success || Object.keys(answer.issues).length > 0) return reply(400, { fieldErrors, formError: "segment.form.invalid" });
    await updateSegment(user.id, segmentId, version, parsed.data, answer.definition);
    return redirectWithToast(`/marketing/segments/${segmentId}`, { kind: "success", message: "segment.toast.saved" });
  } catch (error) {
    if (error instanceof SegmentInvalidError) return reply(400, { issues: error.issues, formError: error.code });
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return reply(409, { formError: error.code });
    }
    throw error;
  }
}

export default function SegmentPage() {
  const { segment, choices, view } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, format } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("segment.list.title"), to: "/marketing/segments" }, { label: segment.name }]} />
      <PageHeader title={segment.name} description={segment.archivedAt ? t("segment.form.archivedNotice", { date: format.date(segment.archivedAt) }) : segment.description || undefined} />
      <SegmentBuilder
        view={answer ?? view}
        choices={choices}
        fields={answer?.fields ?? { name: segment.name, description: segment.description }}
        fieldErrors={answer?.fieldErrors}
        formError={answer?.formError}
        version={segment.version}
        extraActions={
          segment.archivedAt ? null : (
            <Button type="submit" name="intent" value="archive" variant="ghost" formNoValidate>
              {t("segment.form.archive")}
            </Button>
          )
        }
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
