import mjml2html from "mjml";
import { textFromHtml } from "./campaign-content";
import { unknownMergeFields } from "./merge-fields";

/**
 * A campaign's MJML rendered to HTML, checked strictly (an unknown tag or attribute is an error
 * with its line, shown in the editor; a campaign with errors is neither test-sent nor launched).
 * Merge-field placeholders go through MJML untouched and are merged per recipient afterwards.
 */

/** A problem of the source: MJML's own (English) message, or a kind the editor translates. */
export type MjmlProblem = { line: number | null; kind: "mjml" | "structure" | "unknownField" | "unclosedField"; message: string };
export type CampaignRendering = { ok: true; html: string; text: string } | { ok: false; problems: MjmlProblem[] };

export function renderCampaignMjml(mjml: string): CampaignRendering {
  const problems: MjmlProblem[] = unknownMergeFields(mjml).map((problem) => ({
    line: problem.line,
    kind: problem.field === "{{" ? ("unclosedField" as const) : ("unknownField" as const),
    message: problem.field,
  }));
  if (!/<mjml[\s>]/i.test(mjml) || !/<mj-body[\s>]/i.test(mjml)) {
    return { ok: false, problems: [{ line: null, kind: "structure", message: "<mjml>, <mj-body>" }, ...problems] };
  }
  let html: string;
  try {
    const result = mjml2html(mjml, { validationLevel: "strict", keepComments: false });
    html = result.html;
  } catch (error) {
    const details = (error as { errors?: Array<{ line?: number; message?: string }> }).errors;
    const mjmlProblems = Array.isArray(details) && details.length > 0
      ? details.map((detail) => ({ line: typeof detail.line === "number" ? detail.line : null, kind: "mjml" as const, message: String(detail.message ?? "") }))
      : [{ line: null, kind: "mjml" as const, message: error instanceof Error ? error.message.trim() : "" }];
    return { ok: false, problems: [...mjmlProblems, ...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, html, text: textFromHtml(html) };
}
