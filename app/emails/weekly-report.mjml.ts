import { formatFigureChange, formatFigureValue } from "~/domain/reporting/figure-format";
import type { Figure, SectionData } from "~/domain/reporting/report-section";
import { escapeHtml } from "~/lib/html-sanitizer.server";
import { formatters } from "~/lib/i18n/translate";
import { mjButton, mjMuted, mjParagraphs, mjSafeHtml, mjSection, type EmailContext, type EmailTemplate } from "~/lib/mail/render.server";
import { greeting } from "./acknowledgement.mjml";

/**
 * The Monday report: the dashboard's figures for the week that ended, each section the reader
 * may see, with the change against the week before and the same week a year earlier, and a link
 * to the dashboard for that week. Rendered generically from the sections' data (figures only:
 * charts and lists stay on the page), so a new section appears in the mail the day it lands.
 */
export type WeeklyReportProps = {
  name: string;
  /** The week reported on, local days (ISO dates). */
  first: string;
  last: string;
  sections: SectionData[];
  dashboardUrl: string;
  /** The signed one-click unsubscribe page. */
  unsubscribeUrl: string;
};

const day = (iso: string) => `${iso}T12:00:00Z`;

function weekLabel(props: WeeklyReportProps, context: EmailContext): string {
  const format = formatters(context.locale);
  return context.t("reporting.weekly.week", { from: format.date(day(props.first)), to: format.date(day(props.last)) });
}

function comparison(figure: Figure, against: number | null, context: EmailContext) {
  const format = formatters(context.locale);
  if (against === null) return { value: context.t("reporting.compare.none"), change: null };
  return { value: formatFigureValue(against, figure.format, context.t, format), change: formatFigureChange(figure, against, context.t, format) };
}

const cell = "padding:6px 8px;border-bottom:1px solid #e2e8f0;font-size:14px;vertical-align:top";
const changeColour = (good: boolean | null) => (good === true ? "#047857" : good === false ? "#b91c1c" : "#334155");

function sectionTable(section: SectionData, context: EmailContext): string {
  const format = formatters(context.locale);
  const head = [context.t("reporting.weekly.figure"), context.t("reporting.weekly.thisWeek"), context.t("reporting.weekly.previousWeek"), context.t("reporting.compare.lastYear")]
    .map((label, index) => `<th style="${cell};text-align:${index === 0 ? "left" : "right"};font-size:12px;color:#475569">${escapeHtml(label)}</th>`)
    .join("");
  const rows = section.figures
    .map((figure) => {
      const compared = [comparison(figure, figure.previous, context), comparison(figure, figure.lastYear, context)]
        .map(
          (entry) =>
            `<td style="${cell};text-align:right;white-space:nowrap">${escapeHtml(entry.value)}${
              entry.change ? `<br /><span style="font-size:12px;color:${changeColour(entry.change.good)}">${escapeHtml(entry.change.text)}</span>` : ""
            }</td>`,
        )
        .join("");
      return `<tr><td style="${cell}">${escapeHtml(context.t(figure.label))}</td><td style="${cell};text-align:right;font-weight:600;white-space:nowrap">${escapeHtml(
        formatFigureValue(figure.value, figure.format, context.t, format),
      )}</td>${compared}</tr>`;
    })
    .join("");
  return `<h2 style="margin:8px 0 8px 0;font-size:17px;color:#0f172a">${escapeHtml(context.t(section.title))}</h2><table role="presentation" style="width:100%;border-collapse:collapse"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function sectionText(section: SectionData, context: EmailContext): string {
  const format = formatters(context.locale);
  const lines = section.figures.map((figure) => {
    const parts = [`- ${context.t(figure.label)} : ${formatFigureValue(figure.value, figure.format, context.t, format)}`];
    const previous = comparison(figure, figure.previous, context);
    const lastYear = comparison(figure, figure.lastYear, context);
    parts.push(`(${context.t("reporting.weekly.previousWeek")} : ${previous.value}${previous.change ? `, ${previous.change.text}` : ""} ; ${context.t("reporting.compare.lastYear")} : ${lastYear.value}${lastYear.change ? `, ${lastYear.change.text}` : ""})`);
    return parts.join(" ");
  });
  return [context.t(section.title).toUpperCase(), ...lines].join("\n");
}

const withFigures = (props: WeeklyReportProps) => props.sections.filter((section) => section.figures.length > 0);

export const weeklyReportEmail: EmailTemplate<WeeklyReportProps> = {
  name: "weekly-report",
  subject: (props, context) => context.t("reporting.weekly.subject", { week: weekLabel(props, context) }),
  preview: (props, context) => context.t("reporting.weekly.preview", { week: weekLabel(props, context) }),
  body: (props, context) =>
    [
      mjSection(mjParagraphs([greeting(props.name, context.t), context.t("reporting.weekly.intro", { week: weekLabel(props, context) })].join("\n\n"))),
      ...withFigures(props).map((section) => mjSection(mjSafeHtml(sectionTable(section, context)))),
      mjSection(
        mjMuted(context.t("reporting.weekly.chartsOnPage")),
        mjButton(context.t("reporting.weekly.open"), props.dashboardUrl),
        mjMuted(context.t("reporting.weekly.why", { url: props.unsubscribeUrl })),
      ),
    ].join("\n"),
  text: (props, context) =>
    [
      greeting(props.name, context.t),
      context.t("reporting.weekly.intro", { week: weekLabel(props, context) }),
      ...withFigures(props).map((section) => sectionText(section, context)),
      context.t("reporting.weekly.chartsOnPage"),
      `${context.t("reporting.weekly.open")} : ${props.dashboardUrl}`,
      context.t("reporting.weekly.why", { url: props.unsubscribeUrl }),
    ].join("\n\n"),
  footer: (_props, context) => context.t("reporting.weekly.footer", { brand: context.brandName }),
};
