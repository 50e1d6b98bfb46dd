import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { Form, Link, useFetcher, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { weightedCents } from "~/domain/sales/pipeline-rules";
import type { StageKind } from "~/domain/sales/stage-kinds";
import type { loader as rootLoader } from "~/root";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import type { LossReasonChoice } from "./deal-move-form";
import { LossReasonDialog, type PendingLoss } from "./loss-reason-dialog";
import { useSalesFormat } from "./sales-format";

export type KanbanCardData = {
  id: string;
  title: string;
  amountCents: number;
  expectedCloseDate: Date | string | null;
  stageChangedAt: Date | string;
  version: number;
  stageId: string;
  company: { id: string; name: string };
  owner: { id: string; name: string };
};

export type KanbanColumnData = {
  stage: { id: string; name: string; probability: number; kind: StageKind };
  cards: KanbanCardData[];
  nextCursor: string | null;
  totals: { count: number; amountCents: number; weightedCents: number };
};

type ColumnPage = { cards: KanbanCardData[]; nextCursor: string | null };

/** The kanban's index route, where moves are posted. */
const MOVE_ACTION = "/ventes?index";

/**
 * The pipeline board: a column per stage, cards dragged with the mouse or the keyboard (Space to
 * pick up, ← → to change column, Space to drop, Escape to cancel; announced in the user's
 * language), or moved with each card's "Move to…" menu, a plain form that works without
 * JavaScript. Dropping on a lost stage asks why first. Moves show at once and the server's answer
 * (the board reloads with a message) is the truth: a move that lost a race says so.
 */
export function DealKanban({
  columns,
  lossReasons,
  canMove,
  showOwner,
  filterQuery,
}: {
  columns: KanbanColumnData[];
  lossReasons: LossReasonChoice[];
  canMove: boolean;
  showOwner: boolean;
  /** The board's filters as a query string (kept by moves and "load more"). */
  filterQuery: string;
}) {
  const { t } = useI18n();
  const submit = useSubmit();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const instructionsId = useId();
  const back = `/ventes${filterQuery ? `?${filterQuery}` : ""}`;
  // Pages loaded with "load more", and moves sent but not yet answered: reset when the board reloads.
  const [extraPages, setExtraPages] = useState<Record<string, ColumnPage>>({});
  const [pendingMoves, setPendingMoves] = useState<Record<string, string>>({});
  const [pendingLoss, setPendingLoss] = useState<PendingLoss | null>(null);
  const [dragging, setDragging] = useState<KanbanCardData | null>(null);
  useEffect(() => {
    setExtraPages({});
    setPendingMoves({});
  }, [columns]);

  const stages = columns.map((column) => column.stage);
  const stageById = new Map(stages.map((stage) => [stage.id, stage]));
  const allCards = useMemo(() => {
    const cards = new Map<string, KanbanCardData>();
    for (const column of columns) for (const card of column.cards) cards.set(card.id, card);
    for (const page of Object.values(extraPages)) for (const card of page.cards) cards.set(card.id, card);
    return cards;
  }, [columns, extraPages]);

  // The board as shown: the server's cards, plus loaded pages, with pending moves applied.
  const shown = columns.map((column) => {
    const extra = extraPages[column.stage.id];
    const own = [...column.cards, ...(extra?.cards ?? [])].filter((card) => (pendingMoves[card.id] ?? card.stageId) === column.stage.id);
    const incoming = Object.entries(pendingMoves)
      .filter(([id, stageId]) => stageId === column.stage.id && allCards.get(id)?.stageId !== column.stage.id)
      .map(([id]) => allCards.get(id)!)
      .filter(Boolean);
    const outgoing = [...column.cards, ...(extra?.cards ?? [])].filter((card) => pendingMoves[card.id] && pendingMoves[card.id] !== column.stage.id);
    const delta = (cards: KanbanCardData[]) => cards.reduce((sum, card) => sum + card.amountCents, 0);
    const amountCents = column.totals.amountCents + delta(incoming) - delta(outgoing);
    return {
      ...column,
      cards: [...incoming, ...own],
      nextCursor: extra ? extra.nextCursor : column.nextCursor,
      totals: { count: column.totals.count + incoming.length - outgoing.length, amountCents, weightedCents: weightedCents(amountCents, column.stage.probability) },
    };
  });

  const sendMove = (card: KanbanCardData, stageId: string) => {
    const stage = stageById.get(stageId);
    if (!stage || stageId === (pendingMoves[card.id] ?? card.stageId)) return;
    if (stage.kind === "lost") {
      setPendingLoss({ dealId: card.id, dealTitle: card.title, version: card.version, stageId, stageName: stage.name });
      return;
    }
    setPendingMoves((current) => ({ ...current, [card.id]: stageId }));
    const form = new FormData();
    form.set("intent", "move");
    form.set("dealId", card.id);
    form.set("version", String(card.version));
    form.set("stageId", stageId);
    form.set("back", back);
    form.set("csrf", root?.csrfToken ?? "");
    submit(form, { method: "post", action: MOVE_ACTION, preventScrollReset: true, navigate: false, fetcherKey: `move-${card.id}` });
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );

  const nameOfCard = (id: string | number) => allCards.get(String(id))?.title ?? "";
  const nameOfStage = (id: string | number | undefined) => (id === undefined ? "" : (stageById.get(String(id))?.name ?? ""));
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("sales.kanban.a11y.picked", { title: nameOfCard(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t("sales.kanban.a11y.over", { title: nameOfCard(active.id), stage: nameOfStage(over.id) }) : t("sales.kanban.a11y.outside", { title: nameOfCard(active.id) }),
    onDragEnd: ({ active, over }) =>
      over ? t("sales.kanban.a11y.dropped", { title: nameOfCard(active.id), stage: nameOfStage(over.id) }) : t("sales.kanban.a11y.cancelled", { title: nameOfCard(active.id) }),
    onDragCancel: ({ active }) => t("sales.kanban.a11y.cancelled", { title: nameOfCard(active.id) }),
  };

  const onDragStart = (event: DragStartEvent) => setDragging(allCards.get(String(event.active.id)) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const card = allCards.get(String(event.active.id));
    if (card && event.over) sendMove(card, String(event.over.id));
  };

  const board = (
    <div className="flex gap-4 overflow-x-auto pb-4" data-testid="kanban">
      {shown.map((column) => (
        <KanbanColumn
          key={column.stage.id}
          column={column}
          stages={stages}
          canMove={canMove}
          showOwner={showOwner}
          instructionsId={instructionsId}
          back={back}
          filterQuery={filterQuery}
          onMenuMove={sendMove}
          onLoaded={(page) =>
            setExtraPages((current) => ({
              ...current,
              [column.stage.id]: { cards: [...(current[column.stage.id]?.cards ?? []), ...page.cards], nextCursor: page.nextCursor },
            }))
          }
        />
      ))}
    </div>
  );

  return (
    <>
      <p id={instructionsId} className="sr-only">
        {t("sales.kanban.a11y.instructions")}
      </p>
      {canMove ? (
        <DndContext
          id="pipeline-board"
          sensors={sensors}
          collisionDetection={columnCollisions}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t("sales.kanban.a11y.instructions") } }}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
        >
          {board}
          <DragOverlay>{dragging ? <CardBody card={dragging} showOwner={showOwner} overlay /> : null}</DragOverlay>
        </DndContext>
      ) : (
        board
      )}
      {canMove ? (
        <LossReasonDialog pending={pendingLoss} lossReasons={lossReasons} action={MOVE_ACTION} back={back} onCancel={() => setPendingLoss(null)} onSubmit={() => setPendingLoss(null)} />
      ) : null}
    </>
  );
}

/** The pointer's column when it is over one, else the column the dragged card overlaps most. */
const columnCollisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

/** Keyboard moves jump from column to column (← →), whatever their width; ↑ ↓ do nothing. */
const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  if (event.code !== "ArrowRight" && event.code !== "ArrowLeft") return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, over, active } = context;
  if (!collisionRect) return undefined;
  const columns = [...droppableRects.entries()].sort(([, first], [, second]) => first.left - second.left);
  const currentId = over?.id ?? (active?.data.current as { stageId?: string } | undefined)?.stageId;
  const index = columns.findIndex(([id]) => id === currentId);
  const target = columns[index + (event.code === "ArrowRight" ? 1 : -1)];
  if (!target) return undefined;
  const [, rect] = target;
  return { x: rect.left + Math.max(0, (rect.width - collisionRect.width) / 2), y: rect.top + 8 };
};

function KanbanColumn({
  column,
  stages,
  canMove,
  showOwner,
  instructionsId,
  back,
  filterQuery,
  onMenuMove,
  onLoaded,
}: {
  column: KanbanColumnData;
  stages: KanbanColumnData["stage"][];
  canMove: boolean;
  showOwner: boolean;
  instructionsId: string;
  back: string;
  filterQuery: string;
  onMenuMove: (card: KanbanCardData, stageId: string) => void;
  onLoaded: (page: ColumnPage) => void;
}) {
  const { t, format } = useI18n();
  const money = useSalesFormat();
  const { setNodeRef, isOver } = useDroppableIfEnabled(column.stage.id, canMove);
  const headingId = useId();
  const { stage, totals } = column;
  return (
    <section
      aria-labelledby={headingId}
      className={cn("flex w-72 shrink-0 flex-col rounded-lg border bg-slate-50", isOver ? "border-brand-500 ring-2 ring-brand-200" : "border-slate-200")}
      data-testid={`column-${stage.id}`}
      data-stage-name={stage.name}
    >
      <header className="border-b border-slate-200 px-3 py-2">
        <h2 id={headingId} className="flex items-baseline justify-between gap-2 text-sm font-semibold text-slate-900">
          <span>{stage.name}</span>
          <span className="text-xs font-normal text-slate-500">{t("sales.kanban.probability", { probability: stage.probability })}</span>
        </h2>
        <dl className="mt-1 flex flex-wrap items-baseline justify-between gap-x-2 text-xs text-slate-600" data-testid={`totals-${stage.id}`}>
          <dt className="sr-only">{t("sales.kanban.count")}</dt>
          <dd className="tabular-nums" data-testid="total-count">
            {t("sales.kanban.deals", { count: format.number(totals.count) })}
          </dd>
          <dt className="sr-only">{t("sales.kanban.amount")}</dt>
          <dd className="font-medium tabular-nums text-slate-800" data-testid="total-amount">
            {money.cents(totals.amountCents)}
          </dd>
          <dt className="sr-only">{t("sales.kanban.weighted")}</dt>
          <dd className="w-full text-right tabular-nums" title={t("sales.kanban.weighted")} data-testid="total-weighted">
            {t("sales.kanban.weightedShort", { amount: money.cents(totals.weightedCents) })}
          </dd>
        </dl>
        {stage.kind !== "open" ? <p className="mt-1 text-xs text-slate-500">{t("sales.kanban.recentClosed")}</p> : null}
      </header>
      <div ref={setNodeRef} className="flex min-h-32 flex-1 flex-col gap-2 p-2">
        {column.cards.length === 0 ? <p className="px-1 py-4 text-center text-xs text-slate-500">{t("sales.kanban.emptyColumn")}</p> : null}
        <ul className="flex flex-col gap-2">
          {column.cards.map((card) => (
            <li key={card.id}>
              <KanbanCard card={card} stages={stages} canMove={canMove} showOwner={showOwner} instructionsId={instructionsId} back={back} onMenuMove={onMenuMove} />
            </li>
          ))}
        </ul>
        {column.nextCursor ? <LoadMore stageId={stage.id} cursor={column.nextCursor} filterQuery={filterQuery} onLoaded={onLoaded} /> : null}
      </div>
    </section>
  );
}

function useDroppableIfEnabled(id: string, enabled: boolean) {
  const droppable = useDroppable({ id, disabled: !enabled });
  return { setNodeRef: droppable.setNodeRef, isOver: enabled && droppable.isOver };
}

/** The next cards of a column: fetched in place with JavaScript, else the list view of that stage. */
function LoadMore({ stageId, cursor, filterQuery, onLoaded }: { stageId: string; cursor: string; filterQuery: string; onLoaded: (page: ColumnPage) => void }) {
  const { t } = useI18n();
  const fetcher = useFetcher<ColumnPage>();
  const delivered = useRef<ColumnPage | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && fetcher.data !== delivered.current) {
      delivered.current = fetcher.data;
      onLoaded(fetcher.data);
    }
  }, [fetcher.state, fetcher.data, onLoaded]);
  const params = new URLSearchParams(filterQuery);
  params.set("etape", stageId);
  const listHref = `/ventes/affaires?${params.toString()}`;
  params.set("apres", cursor);
  return (
    <a
      href={listHref}
      className={buttonClasses("ghost", "sm", "w-full")}
      aria-busy={fetcher.state !== "idle"}
      onClick={(event) => {
        event.preventDefault();
        if (fetcher.state === "idle") fetcher.load(`/ventes/colonne?${params.toString()}`);
      }}
    >
      {fetcher.state !== "idle" ? t("sales.kanban.loading") : t("sales.kanban.loadMore")}
    </a>
  );
}

function KanbanCard({
  card,
  stages,
  canMove,
  showOwner,
  instructionsId,
  back,
  onMenuMove,
}: {
  card: KanbanCardData;
  stages: KanbanColumnData["stage"][];
  canMove: boolean;
  showOwner: boolean;
  instructionsId: string;
  back: string;
  onMenuMove: (card: KanbanCardData, stageId: string) => void;
}) {
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, data: { stageId: card.stageId }, disabled: !canMove });
  return (
    <article ref={setNodeRef} className={cn("rounded-md border border-slate-200 bg-white p-2 shadow-sm", isDragging && "opacity-40")} data-testid={`deal-card-${card.id}`} data-deal-title={card.title}>
      <div className="flex items-start gap-2">
        {canMove ? (
          <button
            type="button"
            className="mt-0.5 cursor-grab rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
            {...attributes}
            {...listeners}
            aria-describedby={instructionsId}
            aria-label={t("sales.kanban.dragHandle", { title: card.title })}
            data-testid="drag-handle"
          >
            <span aria-hidden="true">⠿</span>
          </button>
        ) : null}
        <div className="min-w-0 flex-1">
          <CardBody card={card} showOwner={showOwner} />
        </div>
      </div>
      {canMove ? <MoveMenu card={card} stages={stages} back={back} onMenuMove={onMenuMove} /> : null}
    </article>
  );
}

function CardBody({ card, showOwner, overlay = false }: { card: KanbanCardData; showOwner: boolean; overlay?: boolean }) {
  const { t, format } = useI18n();
  const money = useSalesFormat();
  return (
    <div className={cn(overlay && "w-64 rounded-md border border-brand-300 bg-white p-2 shadow-lg")}>
      {overlay ? (
        <p className="text-sm font-medium text-slate-900">{card.title}</p>
      ) : (
        <Link to={`/ventes/affaires/${card.id}`} className="block text-sm font-medium text-brand-700 hover:underline">
          {card.title}
        </Link>
      )}
      <p className="truncate text-xs text-slate-600">{card.company.name}</p>
      <p className="mt-1 flex flex-wrap items-center justify-between gap-1 text-xs">
        <span className="font-semibold tabular-nums text-slate-900">{money.cents(card.amountCents)}</span>
        {card.expectedCloseDate ? <span className="text-slate-500">{t("sales.kanban.closeOn", { date: format.date(card.expectedCloseDate) })}</span> : null}
      </p>
      {showOwner ? <p className="text-xs text-slate-500">{card.owner.name}</p> : null}
    </div>
  );
}

/**
 * "Move to…": a disclosure with one button per other stage, posting a plain form (no JavaScript
 * needed; without it a lost stage leads to the deal page, which asks the reason). With
 * JavaScript, the move goes through the board (shown at once; a lost stage opens the dialog).
 */
function MoveMenu({ card, stages, back, onMenuMove }: { card: KanbanCardData; stages: KanbanColumnData["stage"][]; back: string; onMenuMove: (card: KanbanCardData, stageId: string) => void }) {
  const { t } = useI18n();
  const details = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={details} className="mt-2 text-xs" data-testid="move-menu">
      <summary className="cursor-pointer select-none rounded px-1 py-0.5 text-slate-600 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">
        {t("sales.kanban.moveTo")}
        <span className="sr-only"> {card.title}</span>
      </summary>
      <Form
        method="post"
        action={MOVE_ACTION}
        preventScrollReset
        className="mt-1 flex flex-col gap-1"
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          if (!submitter?.value) return;
          event.preventDefault();
          if (details.current) details.current.open = false;
          onMenuMove(card, submitter.value);
        }}
      >
        <CsrfField />
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="dealId" value={card.id} />
        <input type="hidden" name="version" value={card.version} />
        <input type="hidden" name="back" value={back} />
        {stages
          .filter((stage) => stage.id !== card.stageId)
          .map((stage) => (
            <button key={stage.id} type="submit" name="stageId" value={stage.id} className="rounded px-2 py-1 text-left text-slate-800 hover:bg-brand-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">
              {stage.name}
            </button>
          ))}
      </Form>
    </details>
  );
}
