import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { TicketMessageEvent } from "~/lib/realtime/protocol";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import type { TicketLive } from "./use-ticket-live";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}

/** Who else has the ticket open, and who is writing a reply right now. */
export function TicketPresence({ live, className }: { live: TicketLive; className?: string }) {
  const { t } = useI18n();
  if (live.viewers.length === 0) return null;
  return (
    <section aria-label={t("realtime.presence.label")} data-testid="ticket-presence" className={cn("flex flex-wrap items-center gap-2 text-sm", className)}>
      {live.viewers.map((viewer) => (
        <span
          key={viewer.userId}
          data-user={viewer.name}
          data-typing={viewer.typing ? "true" : "false"}
          className="inline-flex items-center gap-2 rounded-full bg-white py-1 pl-1 pr-3 text-slate-700 ring-1 ring-inset ring-slate-200"
        >
          <span aria-hidden="true" className="inline-flex h-6 w-6 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
            {initials(viewer.name)}
          </span>
          <span>
            <span className="font-medium text-slate-900">{viewer.name}</span>{" "}
            {viewer.typing ? (
              <span className="text-emerald-700">
                {t("realtime.presence.typing")}
                <span aria-hidden="true" className="ml-1 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-emerald-600" />
              </span>
            ) : (
              <span className="text-slate-500">{t("realtime.presence.viewing")}</span>
            )}
          </span>
        </span>
      ))}
      <span className="sr-only" aria-live="polite">
        {live.viewers
          .filter((viewer) => viewer.typing)
          .map((viewer) => t("realtime.presence.typingLine", { name: viewer.name }))
          .join(" ")}
      </span>
    </section>
  );
}

/** The ticket was moved away from this user while they had it open. */
export function TicketGoneNotice({ live, backTo = "/support" }: { live: TicketLive; backTo?: string }) {
  const { t } = useI18n();
  if (!live.gone) return null;
  return (
    <div role="alert" data-testid="ticket-gone" className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="font-semibold">{t("realtime.gone.title")}</p>
      <p className="mt-1">{t("realtime.gone.text")}</p>
      <Link to={backTo} className={buttonClasses("secondary", "sm", "mt-3")}>
        {t("realtime.gone.back")}
      </Link>
    </div>
  );
}

function ArrivedMessage({ message }: { message: TicketMessageEvent }) {
  const { t, format } = useI18n();
  const name = message.author.name || t("realtime.activity.customer");
  return (
    <li className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <p className="text-sm font-semibold text-slate-900">
        {message.author.kind === "agent" ? t("realtime.collision.agentReply", { name }) : t("realtime.collision.customerMessage", { name })}
        <span className="ml-2 font-normal text-slate-500">{format.relative(message.createdAt)}</span>
      </p>
      <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{message.preview}</p>
    </li>
  );
}

/**
 * Collision guard for the reply box: if a colleague replied to the customer (or the customer
 * wrote) while this agent was writing, the first "send" is held and a dialog shows what
 * arrived; the agent reviews it first or sends anyway.
 *
 * Usage: `const guard = useReplyGuard(live, { isPublicReply })`, then
 * `<Form onSubmit={guard.onSubmit} onInput={guard.onInput}>` and render `{guard.dialog}`.
 */
export function useReplyGuard(live: TicketLive, options: { isPublicReply?: (form: FormData) => boolean } = {}) {
  const { t } = useI18n();
  const [held, setHeld] = useState<{ form: HTMLFormElement; submitter: HTMLElement | null } | null>(null);
  const allowNext = useRef(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const isPublicReply = options.isPublicReply ?? ((form: FormData) => form.get("visibility") !== "internal");

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (held && !element.open) element.showModal?.();
    if (!held && element.open) element.close();
  }, [held]);

  const onSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      if (allowNext.current) {
        allowNext.current = false;
        live.composerReset();
        return;
      }
      const submitter = (event.nativeEvent as SubmitEvent).submitter ?? null;
      const data = new FormData(event.currentTarget, submitter);
      if (live.arrivedWhileComposing.length > 0 && isPublicReply(data)) {
        event.preventDefault();
        setHeld({ form: event.currentTarget, submitter });
        return;
      }
      live.composerReset();
    },
    [live, isPublicReply],
  );

  // Typing in the text box, not changing a select, tells colleagues.
  const onInput = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      if (event.target instanceof HTMLTextAreaElement) live.typing();
    },
    [live],
  );

  const review = () => {
    const first = live.arrivedWhileComposing[0];
    setHeld(null);
    live.acknowledge();
    if (first) document.getElementById(`message-${first.messageId}`)?.scrollIntoView({ behavior: "smooth", block: "center" });
  };
  const sendAnyway = () => {
    const pending = held;
    setHeld(null);
    live.acknowledge();
    if (!pending) return;
    allowNext.current = true;
    pending.form.requestSubmit(pending.submitter && pending.form.contains(pending.submitter) ? pending.submitter : undefined);
  };

  const element = (
    <dialog
      ref={dialog}
      aria-labelledby="reply-collision-title"
      data-testid="reply-collision"
      onCancel={(event) => {
        event.preventDefault();
        review();
      }}
      className="w-[min(36rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {held ? (
        <div className="p-5">
          <h2 id="reply-collision-title" className="text-lg font-semibold text-slate-900">
            {t("realtime.collision.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("realtime.collision.text")}</p>
          <ul className="mt-4 max-h-72 space-y-3 overflow-y-auto">
            {live.arrivedWhileComposing.map((message) => (
              <ArrivedMessage key={message.messageId} message={message} />
            ))}
          </ul>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={sendAnyway}>
              {t("realtime.collision.sendAnyway")}
            </Button>
            <Button autoFocus onClick={review}>
              {t("realtime.collision.review")}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );

  return { onSubmit, onInput, dialog: element, holding: held !== null };
}
