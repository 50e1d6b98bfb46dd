import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { DEAL_FORM_FIELDS } from "./deal-form";

type DealField = (typeof DEAL_FORM_FIELDS)[number];

/** The deal as it is now (form strings), and the names behind the ids it mentions. */
export type DealConflictData = {
  version: number;
  current: Record<DealField, string>;
  stageName: string;
  names: Record<string, string>;
};

type Values = Record<string, string | string[]>;
const str = (values: Values, name: string) => {
  const value = values[name];
  return typeof value === "string" ? value : "";
};

const labels: Record<DealField, MessageKey> = {
  title: "sales.deal.title",
  companyId: "sales.deal.company",
  contactId: "sales.deal.contact",
  ownerId: "sales.deal.owner",
  amount: "sales.deal.amount",
  expectedCloseDate: "sales.deal.expectedClose",
  source: "sales.deal.source",
  notes: "sales.deal.notes",
};

/**
 * Someone saved the deal between the moment the form was opened and its submit: nothing was
 * written. Shows each field someone changed (as opened, now, and the user's value), and lets the
 * user re-apply their own changes over the current version or start again from it.
 */
export function DealConflict({ dealId, values, conflict }: { dealId: string; values: Values; conflict: DealConflictData }) {
  const { t, format } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [conflict.version]);
  const loaded = (name: DealField) => str(values, `loaded_${name}`);
  const mine = (name: DealField) => DEAL_FORM_FIELDS.includes(name) && str(values, name) !== loaded(name);
  const theirs = (name: DealField) => conflict.current[name] !== loaded(name);
  const shown = DEAL_FORM_FIELDS.filter((name) => mine(name) || theirs(name));
  const display = (name: DealField, value: string) => {
    if (!value) return "—";
    if (name === "companyId" || name === "contactId" || name === "ownerId") return conflict.names[value] ?? "—";
    if (name === "source") return t(`sales.source.${value}` as MessageKey);
    if (name === "expectedCloseDate") return format.date(`${value}T12:00:00Z`);
    return value;
  };
  return (
    <section role="alert" aria-labelledby="deal-conflict-title" className="mb-6 rounded-lg border-2 border-red-300 bg-red-50 p-4" data-testid="deal-conflict">
      <h2 id="deal-conflict-title" ref={heading} tabIndex={-1} className="text-lg font-semibold text-red-900 focus:outline-none">
        {t("sales.conflict.title")}
      </h2>
      <p className="mt-1 text-sm text-red-900">{t("sales.deal.conflict")}</p>
      <p className="mt-1 text-sm text-red-900">{t("sales.conflict.stageNow", { stage: conflict.stageName })}</p>
      {shown.length === 0 ? (
        <p className="mt-3 text-sm text-slate-700">{t("sales.conflict.nothingListed")}</p>
      ) : (
        <div className="mt-3 overflow-x-auto rounded-md border border-red-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t("sales.conflict.field")}
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t("sales.conflict.whenOpened")}
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t("sales.conflict.now")}
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t("sales.conflict.yours")}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((name) => (
                <tr key={name} className="border-t border-slate-100" data-conflict-field={name}>
                  <th scope="row" className="px-3 py-2 font-medium text-slate-700">
                    {t(labels[name])}
                  </th>
                  <td className="whitespace-pre-line px-3 py-2 text-slate-600">{display(name, loaded(name))}</td>
                  <td className={`whitespace-pre-line px-3 py-2 ${theirs(name) ? "font-medium text-red-900" : "text-slate-900"}`}>{display(name, conflict.current[name])}</td>
                  <td className={`whitespace-pre-line px-3 py-2 ${mine(name) ? "font-medium text-slate-900" : "text-slate-500"}`}>
                    {mine(name) ? display(name, str(values, name)) : t("sales.conflict.unchanged")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-4 flex flex-wrap gap-3">
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={conflict.version} />
          {DEAL_FORM_FIELDS.map((name) => (
            <span key={name}>
              <input type="hidden" name={name} value={mine(name) ? str(values, name) : conflict.current[name]} />
              <input type="hidden" name={`loaded_${name}`} value={conflict.current[name]} />
            </span>
          ))}
          <Button type="submit" variant="danger">
            {t("sales.conflict.reapply")}
          </Button>
        </Form>
        <Link to={`/ventes/affaires/${dealId}/modifier`} className={buttonClasses("secondary")} reloadDocument>
          {t("sales.conflict.discard")}
        </Link>
      </div>
    </section>
  );
}
