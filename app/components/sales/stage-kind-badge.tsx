import type { LifecycleStage } from "~/domain/sales/lifecycle";
import type { StageKind } from "~/domain/sales/stage-kinds";
import { useI18n } from "../i18n";
import { Badge, type BadgeTone } from "../ui/layout";

const kindTones: Record<StageKind, BadgeTone> = { open: "blue", won: "green", lost: "red" };

/** "En cours", "Gagnée", "Perdue": what a stage means. */
export function StageKindBadge({ kind }: { kind: StageKind }) {
  const { t } = useI18n();
  return <Badge tone={kindTones[kind]}>{t(`sales.stageKind.${kind}`)}</Badge>;
}

/** A deal's stage, coloured by what it means. */
export function StageBadge({ name, kind }: { name: string; kind: string }) {
  return <Badge tone={kindTones[kind as StageKind] ?? "slate"}>{name}</Badge>;
}

const lifecycleTones: Record<LifecycleStage, BadgeTone> = { prospect: "violet", client: "green", former_client: "slate" };

/** Prospect, client, ancien client. */
export function LifecycleBadge({ stage }: { stage: string }) {
  const { t } = useI18n();
  const known = (stage in lifecycleTones ? stage : "prospect") as LifecycleStage;
  return <Badge tone={lifecycleTones[known]}>{t(`sales.lifecycle.${known}`)}</Badge>;
}
