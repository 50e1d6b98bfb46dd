import { useI18n } from "~/components/i18n";
import { Badge, type BadgeTone } from "~/components/ui/layout";
import type { QuoteStatus } from "~/domain/sales/quote-schemas";

const tones: Record<QuoteStatus, BadgeTone> = { draft: "slate", sent: "blue", expired: "amber", accepted: "green", refused: "red" };

/** A quote's state as it is now (a sent quote past its validity reads "expired"). */
export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const { t } = useI18n();
  return <Badge tone={tones[status]}>{t(`sales.quote.status.${status}`)}</Badge>;
}
