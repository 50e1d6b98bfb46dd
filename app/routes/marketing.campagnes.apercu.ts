import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { renderCampaignMjml } from "~/domain/marketing/campaigns/campaign-render.server";
import { MAX_MJML_LENGTH } from "~/domain/marketing/campaigns/campaign-schemas";
import { campaignSampleContact, sampleMergeValues } from "~/domain/marketing/campaigns/campaign-queries.server";
import { mergeRecipient } from "~/domain/marketing/campaigns/merge-fields";
import { requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";

const previewSchema = z.object({
  mjml: z.string().max(MAX_MJML_LENGTH, "validation.tooLong"),
  campaignId: z.string().max(64).default(""),
});

/**
 * The editor's live preview: the MJML as typed, rendered strictly and merged with the values of
 * a real contact of the campaign's segments (or the fallbacks). The page shows the HTML in a
 * sandboxed iframe (no script, no same origin) and the problems with their line.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, "update:campaign");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, previewSchema);
  if (!parsed.ok) return { html: null, problems: [{ line: null, kind: "structure" as const, message: "" }] };
  const rendering = renderCampaignMjml(parsed.data.mjml);
  if (!rendering.ok) return { html: null, problems: rendering.problems };
  const sample = await sampleMergeValues(parsed.data.campaignId ? await campaignSampleContact(parsed.data.campaignId) : null);
  return { html: mergeRecipient(rendering.html, sample, "html", { unsubscribeUrl: "#" }), problems: [] };
}
