import type { ReactNode } from "react";
import type { ThreadMessage } from "~/domain/helpdesk/ticket-workspace.server";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";
import { MessageBody } from "./message-body";

export type SerializedMessage = Omit<ThreadMessage, "createdAt"> & { createdAt: Date | string };

/**
 * The conversation in order. Customer messages, our public replies and internal notes look
 * different: notes sit on a yellow background with a "Note interne" label, so nobody mistakes
 * them for what the customer sees.
 */
export function TicketThread({
  messages,
  messageFooter,
}: {
  messages: SerializedMessage[];
  /** Actions under a message (the knowledge base's « create an article from this reply »). */
  messageFooter?: (message: SerializedMessage) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <ol className="space-y-4" aria-label={t("helpdesk.thread.title")}>
      {messages.map((message) => (
        <li key={message.id} id={`message-${message.id}`}>
          <MessageCard message={message} footer={messageFooter?.(message)} />
        </li>
      ))}
    </ol>
  );
}

function MessageCard({ message, footer }: { message: SerializedMessage; footer?: ReactNode }) {
  const { t, format } = useI18n();
  const internal = message.visibility === "internal";
  const fromCustomer = message.authorKind === "customer";
  const label = internal ? t("helpdesk.thread.internalNote") : fromCustomer ? t("helpdesk.thread.customerMessage") : t("helpdesk.thread.publicReply");
  return (
    <article
      data-visibility={message.visibility}
      data-author={message.authorKind}
      className={cn(
        "rounded-lg border p-4 shadow-sm",
        internal ? "border-amber-300 bg-amber-50" : fromCustomer ? "border-slate-200 bg-white" : "border-brand-200 bg-brand-50/40",
        !fromCustomer && !internal && "sm:ml-8",
        fromCustomer && "sm:mr-8",
      )}
    >
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span
            aria-hidden="true"
            className={cn(
              "inline-flex h-7 w-7 items-center justify-center rounded-full text-xs font-semibold",
              internal ? "bg-amber-200 text-amber-900" : fromCustomer ? "bg-slate-200 text-slate-700" : "bg-brand-600 text-white",
            )}
          >
            {initials(message.authorName)}
          </span>
          <span className="text-sm font-semibold text-slate-900">{message.authorName || t("helpdesk.thread.system")}</span>
          <span
            className={cn(
              "rounded px-1.5 py-0.5 text-xs font-medium",
              internal ? "bg-amber-200 text-amber-900" : fromCustomer ? "bg-slate-100 text-slate-700" : "bg-brand-100 text-brand-800",
            )}
          >
            {label}
          </span>
        </div>
        <time className="text-xs text-slate-500" dateTime={new Date(message.createdAt).toISOString()}>
          {format.dateTime(message.createdAt)}
        </time>
      </header>
      <MessageBody message={message} />
      {footer ? <footer className="mt-3 flex flex-wrap gap-3 border-t border-slate-200/70 pt-2 text-sm">{footer}</footer> : null}
    </article>
  );
}

function initials(name: string): string {
  const parts = name.replace(/[^\p{L}\s-]/gu, " ").split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase() || "?";
}
