import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { CampaignForm, type CampaignFormFeedback } from "~/components/marketing/campaign-form";
import { PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { createCampaign } from "~/domain/marketing/campaigns/campaign-commands.server";
import { defaultSender, segmentChoices } from "~/domain/marketing/campaigns/campaign-queries.server";
import { campaignFormSchema } from "~/domain/marketing/campaigns/campaign-schemas";
import { starterCampaignMjml } from "~/domain/marketing/campaigns/campaign-template";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Nouvelle campagne · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "create:campaign");
  return { segments: await segmentChoices(), sender: defaultSender() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "create:campaign");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, campaignFormSchema);
  if (!parsed.ok) return data<CampaignFormFeedback>({ fieldErrors: parsed.fieldErrors, values: parsed.values, formError: null }, { status: 400 });
  try {
    const campaign = await createCampaign(user, parsed.data);
    return redirectWithToast(`/marketing/campagnes/${campaign.id}/modifier`, { kind: "success", message: "campaign.toast.created", params: { name: parsed.data.name } });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<CampaignFormFeedback>({ fieldErrors: error.field ? { [error.field]: error.code } : {}, values: submittedValues(form), formError: error.field ? null : error.code }, { status: 409 });
  }
}

export default function NewCampaignPage() {
  const { segments, sender } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("campaign.new.title")} />
      <CampaignForm
        values={{
          name: "",
          segmentIds: [],
          fromName: sender.fromName,
          fromAddress: sender.fromAddress,
          replyTo: "",
          subject: "",
          preheader: "",
          language: "fr",
          mjml: starterCampaignMjml,
          text: "",
          textEdited: false,
          excludeOpenIncidents: true,
          ratePerMinute: "600",
          cost: "",
          attributionDays: "90",
        }}
        segments={segments}
        feedback={feedback}
        campaignId={null}
        submitLabel={t("campaign.new.create")}
        cancelTo="/marketing/campagnes"
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
