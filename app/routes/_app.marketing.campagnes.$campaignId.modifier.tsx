import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { CampaignForm, type CampaignFormFeedback } from "~/components/marketing/campaign-form";
import { campaignFormValues } from "~/components/marketing/campaign-form-values";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/layout";
import { FormAlert, TextField } from "~/components/ui/field";
import { DomainError } from "~/domain/errors";
import { CampaignConflictError, updateCampaign } from "~/domain/marketing/campaigns/campaign-commands.server";
import { campaignSampleContact, getCampaignForEdit, sampleMergeValues, segmentChoices } from "~/domain/marketing/campaigns/campaign-queries.server";
import { renderCampaignMjml } from "~/domain/marketing/campaigns/campaign-render.server";
import { campaignFormSchema, testSendSchema } from "~/domain/marketing/campaigns/campaign-schemas";
import { isEditable } from "~/domain/marketing/campaigns/campaign-status";
import { sendCampaignTest } from "~/domain/marketing/campaigns/campaign-test-send.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? "Campagne"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "update:campaign");
  const campaign = await getCampaignForEdit(params.campaignId ?? "");
  if (!campaign) throw notFound();
  if (!isEditable(campaign.status)) throw await redirectWithToast(`/marketing/campagnes/${campaign.id}`, { kind: "info", message: "campaign.error.notEditable" });
  const rendering = renderCampaignMjml(campaign.mjml);
  return { campaign, segments: await segmentChoices(), problems: rendering.ok ? [] : rendering.problems };
}

type ActionResult = CampaignFormFeedback & { test?: { ok: boolean; error: MessageKey | null; addresses: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:campaign");
  const campaignId = params.campaignId ?? "";
  if (!(await getCampaignForEdit(campaignId))) throw notFound();
  const form = await readProtectedForm(request);
  const intent = form.get("intent");
  if (intent === "test") {
    const parsed = parseForm(form, testSendSchema);
    const addresses = String(form.get("addresses") ?? "");
    if (!parsed.ok) return data<ActionResult>({ fieldErrors: {}, values: {}, test: { ok: false, error: parsed.fieldErrors.addresses ?? "validation.required", addresses } }, { status: 400 });
    try {
      await sendCampaignTest(user, campaignId, parsed.data.addresses, await sampleMergeValues(await campaignSampleContact(campaignId)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return data<ActionResult>({ fieldErrors: {}, values: {}, test: { ok: false, error: error.code, addresses } }, { status: 409 });
    }
    return redirectWithToast(`/marketing/campagnes/${campaignId}/modifier`, { kind: "success", message: "campaign.toast.testSent", params: { count: parsed.data.addresses.length } });
  }
  const parsed = parseForm(form, campaignFormSchema);
  if (!parsed.ok) return data<ActionResult>({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null }, { status: 400 });
  const input = intent === "regenerateText" ? { ...parsed.data, textEdited: false } : parsed.data;
  try {
    await updateCampaign(user, campaignId, input);
  } catch (error) {
    if (error instanceof CampaignConflictError) return data<ActionResult>({ fieldErrors: {}, values: submittedValues(form), formError: "validation.staleRecord" }, { status: 409 });
    if (!(error instanceof DomainError)) throw error;
    if (error.code === "errors.notFound") throw notFound();
    return data<ActionResult>({ fieldErrors: error.field ? { [error.field]: error.code } : {}, values: submittedValues(form), formError: error.field ? null : error.code }, { status: 409 });
  }
  return redirectWithToast(`/marketing/campagnes/${campaignId}/modifier`, { kind: "success", message: intent === "regenerateText" ? "campaign.toast.textRegenerated" : "campaign.toast.saved" });
}

export default function EditCampaignPage() {
  const { campaign, segments, problems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const here = `/marketing/campagnes/${campaign.id}`;
  const formFeedback = result && !result.test ? result : undefined;
  return (
    <>
      <nav aria-label={t("campaign.breadcrumb")} className="mb-2 text-sm">
        <Link to="/marketing/campagnes" className="text-brand-700 hover:underline">
          {t("campaign.list.title")}
        </Link>{" "}
        › <Link to={here} className="text-brand-700 hover:underline">{campaign.name}</Link>
      </nav>
      <PageHeader title={t("campaign.edit.title")} description={campaign.name} />
      <CampaignForm
        key={`v${campaign.version}`}
        values={campaignFormValues(campaign)}
        segments={segments}
        feedback={formFeedback ? { ...formFeedback, problems } : problems.length > 0 ? { fieldErrors: {}, values: {}, problems } : undefined}
        campaignId={campaign.id}
        submitLabel={t("common.save")}
        cancelTo={here}
      />
      <Card title={t("campaign.test.title")} className="mt-8 max-w-2xl">
        <Form method="post" className="space-y-3" noValidate>
          <CsrfField />
          {result?.test?.error ? <FormAlert>{t(result.test.error)}</FormAlert> : null}
          <TextField label={t("campaign.test.addresses")} name="addresses" defaultValue={result?.test?.addresses ?? ""} hint={t("campaign.test.hint")} />
          <Button type="submit" name="intent" value="test" variant="secondary" disabled={navigation.state !== "idle"}>
            {t("campaign.test.send")}
          </Button>
        </Form>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
