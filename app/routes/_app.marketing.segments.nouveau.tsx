import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "~/components/customers/clients-nav";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { SegmentBuilder } from "~/components/marketing/segment-builder";
import { PageHeader } from "~/components/ui/layout";
import { previewSegment } from "~/domain/marketing/segments/segment-preview.server";
import { builderChoices, createSegment, segmentFieldsSchema, SegmentInvalidError } from "~/domain/marketing/segments/segments.server";
import type { SegmentDefinition } from "~/domain/marketing/segments/segment-definition";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { formValues, type FieldErrors } from "~/lib/forms";
import { answerBuilder, asksForExplanation, submittedIntent, typedSegmentFields } from "~/lib/marketing/segment-builder.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouveau segment · Comptoir" }];

/** A new segment starts with one empty group, its conditions picked by family. */
const starter: SegmentDefinition = { match: "all", groups: [{ match: "all", conditions: [] }] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "create:campaign");
  const [choices, preview] = await Promise.all([builderChoices(), previewSegment(starter)]);
  return { choices, view: { definition: starter, issues: {}, preview, why: null } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:campaign");
  const fields = formValues(await readProtectedForm(request));
  const answer = await answerBuilder(fields, user.locale, { explain: asksForExplanation(fields) });
  const typed = typedSegmentFields(fields);
  if (submittedIntent(fields) !== "save") return { ...answer, fields: typed, fieldErrors: {} as FieldErrors, formError: null as MessageKey | null };
  const parsed = segmentFieldsSchema.safeParse(fields);
  const fieldErrors: FieldErrors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message as MessageKey]));
  if (!parsed.success || Object.keys(answer.issues).length > 0) {
    return data({ ...answer, fields: typed, fieldErrors, formError: "segment.form.invalid" as MessageKey | null }, { status: 400 });
  }
  try {
    const { id } = await createSegment(user.id, parsed.data, answer.definition);
    return redirectWithToast(`/marketing/segments/${id}`, { kind: "success", message: "segment.toast.created" });
  } catch (error) {
    if (error instanceof SegmentInvalidError) return data({ ...answer, issues: error.issues, fields: typed, fieldErrors, formError: error.code as MessageKey | null }, { status: 400 });
    throw error;
  }
}

export default function NewSegmentPage() {
  const { choices, view } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <Breadcrumb items={[{ label: t("segment.list.title"), to: "/marketing/segments" }, { label: t("segment.form.newTitle") }]} />
      <PageHeader title={t("segment.form.newTitle")} />
      <SegmentBuilder
        view={answer ?? view}
        choices={choices}
        fields={answer?.fields ?? { name: "", description: "" }}
        fieldErrors={answer?.fieldErrors}
        formError={answer?.formError}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
