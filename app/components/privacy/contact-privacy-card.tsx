import { useI18n } from "~/components/i18n";
import { ButtonLink } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";

/** The contact page's GDPR card: when the person was erased, or the way to the erasure's confirmation (administrators). */
export function ContactPrivacyCard({ contactId, erasedAt, canErase }: { contactId: string; erasedAt: string | null; canErase: boolean }) {
  const { t, format } = useI18n();
  if (!erasedAt && !canErase) return null;
  return (
    <Card title={t("privacy.card.title")} className="mt-6">
      {erasedAt ? (
        <p className="text-sm text-slate-700">{t("privacy.card.erasedOn", { date: format.date(erasedAt) })}</p>
      ) : (
        <ButtonLink to={`/clients/contacts/${contactId}/effacer`} variant="danger">
          {t("privacy.card.erase")}
        </ButtonLink>
      )}
    </Card>
  );
}
