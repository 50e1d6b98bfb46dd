import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { Badge, Card } from "~/components/ui/layout";

export type PersonalDataExportView = {
  id: string;
  status: string;
  requestedVia: string;
  createdAt: Date | string;
  expiresAt: Date | string | null;
  requestedBy: { name: string } | null;
};

const tones: Record<string, "slate" | "green" | "red" | "blue"> = { pending: "blue", ready: "green", sent: "green", failed: "red", expired: "slate" };

/** The access archive of a person on their page: ask for one, see where it stands, download it while it lasts. */
export function PersonalDataCard({ contactId, exports }: { contactId: string; exports: PersonalDataExportView[] }) {
  const { t, format } = useI18n();
  const action = `/clients/contacts/${contactId}/donnees-personnelles`;
  return (
    <Card title={t("privacy.panel.title")} className="mt-6">
      <div id="donnees-personnelles" className="space-y-3 text-sm">
        <p className="text-slate-600">{t("privacy.panel.intro")}</p>
        <Form method="post" action={action}>
          <CsrfField />
          <Button type="submit" variant="secondary" size="sm">
            {t("privacy.panel.request")}
          </Button>
        </Form>
        {exports.length === 0 ? (
          <p className="text-slate-500">{t("privacy.panel.noExport")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("privacy.panel.history")}>
            {exports.map((archive) => (
              <li key={archive.id} className="py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={tones[archive.status] ?? "slate"}>{t(`privacy.status.${archive.status as "pending"}`)}</Badge>
                  <span className="text-slate-600">{format.dateTime(archive.createdAt)}</span>
                </div>
                <p className="text-xs text-slate-500">{archive.requestedVia === "portal" ? t("privacy.via.portal") : t("privacy.via.staff", { name: archive.requestedBy?.name ?? "—" })}</p>
                {(archive.status === "ready" || archive.status === "sent") && archive.expiresAt ? (
                  <p className="mt-1">
                    <a href={`${action}/${archive.id}`} className="font-medium text-brand-700 hover:underline" download>
                      {t("privacy.panel.download")}
                    </a>{" "}
                    <span className="text-xs text-slate-500">{t("privacy.panel.expires", { date: format.date(archive.expiresAt) })}</span>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
