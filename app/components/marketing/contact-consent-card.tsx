import { Form, Link } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert, SelectField, TextField } from "~/components/ui/field";
import { Badge, Card, Table, Td, Th } from "~/components/ui/layout";
import { consentSources, consentStates, isMailable, isSuppressed, type ConsentSource, type ConsentState } from "~/domain/marketing/consent/consent-states";
import type { MessageKey } from "~/lib/i18n/messages/fr";

type History = { id: string; at: string | Date; previousState: string | null; state: string; source: string; basis: string; note: string; actorName: string | null; campaign: { id: string; name: string } | null };
export type ContactConsentView = { address: string; isPrimary: boolean; state: string; source: string | null; basis: string; changedAt: string | Date | null; history: History[] };

const stateLabel = (state: string | null): MessageKey => ((consentStates as readonly string[]).includes(state ?? "") ? `consent.state.${state as ConsentState}` : "consent.state.none");
const sourceLabel = (source: string): MessageKey | null => ((consentSources as readonly string[]).includes(source) ? `consent.source.${source as ConsentSource}` : null);

/** Each address of the contact with its consent and its whole history, newest first; staff record a change by hand. */
export function ContactConsentCard({
  addresses,
  canRecord,
  fieldErrors,
  formError,
}: {
  addresses: ContactConsentView[];
  canRecord: boolean;
  fieldErrors?: Partial<Record<string, MessageKey>>;
  formError?: MessageKey | null;
}) {
  const { t, format } = useI18n();
  return (
    <Card title={t("consent.card.title")}>
      <div className="space-y-5" id="consentement">
        {addresses.map((entry) => (
          <section key={entry.address} aria-label={entry.address} data-consent-address={entry.address}>
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium text-slate-900">{entry.address}</span>
              {entry.isPrimary ? <span className="text-xs text-slate-500">({t("consent.card.primary")})</span> : null}
              <Badge tone={isMailable(entry.state) ? "green" : isSuppressed(entry.state) ? "red" : "slate"}>{t(stateLabel(entry.state))}</Badge>
              {entry.changedAt ? <span className="text-xs text-slate-500">{t("consent.card.since", { date: format.date(entry.changedAt) })}</span> : null}
            </p>
            {entry.history.length === 0 ? (
              <p className="mt-1 text-xs text-slate-500">{t("consent.card.noHistory")}</p>
            ) : (
              <div className="mt-2">
                <Table caption={`${t("consent.card.history")} · ${entry.address}`}>
                  <thead>
                    <tr>
                      <Th>{t("consent.card.when")}</Th>
                      <Th>{t("consent.card.change")}</Th>
                      <Th>{t("consent.card.who")}</Th>
                      <Th>{t("consent.card.source")}</Th>
                      <Th>{t("consent.card.basis")}</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {entry.history.map((line) => {
                      const source = sourceLabel(line.source);
                      return (
                        <tr key={line.id} data-testid="consent-history-line">
                          <Td>{format.dateTime(line.at)}</Td>
                          <Td>
                            {line.previousState ? `${t(stateLabel(line.previousState))} → ` : ""}
                            {t(stateLabel(line.state))}
                          </Td>
                          <Td>{line.actorName ?? t("consent.card.person")}</Td>
                          <Td>
                            {source ? t(source) : line.source}
                            {line.campaign ? (
                              <>
                                {" · "}
                                <Link to={`/marketing/campagnes/${line.campaign.id}`} className="text-brand-700 hover:underline">
                                  {line.campaign.name}
                                </Link>
                              </>
                            ) : null}
                          </Td>
                          <Td>
                            {line.basis || "—"}
                            {line.note ? <p className="text-xs text-slate-500">{line.note}</p> : null}
                          </Td>
                        </tr>
                      );
                    })}
                  </tbody>
                </Table>
              </div>
            )}
          </section>
        ))}
        {canRecord && addresses.length > 0 ? (
          <Form method="post" className="space-y-3 border-t border-slate-200 pt-4" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="consent" />
            <p className="text-sm font-medium text-slate-900">{t("consent.card.record")}</p>
            {formError ? <FormAlert>{t(formError)}</FormAlert> : null}
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField label={t("consent.card.address")} name="address" options={addresses.map((entry) => ({ value: entry.address, label: entry.address }))} error={fieldErrors?.address ? t(fieldErrors.address) : null} />
              <SelectField
                label={t("consent.card.state")}
                name="state"
                options={(["opt_in", "b2b_interest", "unsubscribed"] as const).map((state) => ({ value: state, label: t(`consent.state.${state}`) }))}
                error={fieldErrors?.state ? t(fieldErrors.state) : null}
              />
              <TextField label={t("consent.card.basis")} name="basis" maxLength={500} hint={t("consent.card.basisHint")} error={fieldErrors?.basis ? t(fieldErrors.basis) : null} />
              <TextField label={t("consent.card.note")} name="note" maxLength={2000} error={fieldErrors?.note ? t(fieldErrors.note) : null} />
            </div>
            <Button type="submit" variant="secondary">
              {t("consent.card.save")}
            </Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}
