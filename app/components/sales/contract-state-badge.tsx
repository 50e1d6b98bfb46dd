import { useI18n } from "~/components/i18n";
import { Badge, type BadgeTone } from "~/components/ui/layout";
import type { ContractState } from "~/domain/sales/contract-status";

const tones: Record<ContractState, BadgeTone> = { active: "green", to_renew: "amber", cancelled: "slate" };

/** A contract's state now: active, to renew (within its renewal window), cancelled. */
export function ContractStateBadge({ state }: { state: ContractState }) {
  const { t } = useI18n();
  return <Badge tone={tones[state]}>{t(`sales.contract.state.${state}`)}</Badge>;
}
