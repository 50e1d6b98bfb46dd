import { useMemo, useState } from "react";
import type { DeliveryState } from "~/lib/mail/delivery-state";
import { decodeProcessingNotes, describeProcessingNote } from "~/lib/mail/processing-note";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";

export type MessageAttachment = {
  id: string;
  filename: string;
  size: number;
  contentType: string;
  inline: boolean;
  contentId: string | null;
};

export type MessageBodyProps = {
  bodyText: string;
  /** Sanitised HTML (app/lib/html-sanitizer.server.ts, applied before storage), or null for plain-text messages. */
  bodyHtml: string | null;
  /** The HTML references remote images, shown only when the agent asks. */
  hasRemoteContent: boolean;
  /** A note for agents about how the message was processed (e.g. attachments over the size limit). */
  processingNote: string | null;
  attachments: MessageAttachment[];
  /** For an agent's public reply: whether its mail left (see app/domain/channels/email/delivery-state.server.ts). */
  delivery?: DeliveryState | null;
};

/** "12,5 Ko", "3,1 Mo": sizes the way French users read them. */
export function useFileSize() {
  const { t, locale } = useI18n();
  const numberFormat = useMemo(() => new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 1 }), [locale]);
  return (bytes: number) => {
    const number = (value: number) => numberFormat.format(value);
    if (bytes < 1024) return t("helpdesk.message.bytes", { size: number(bytes) });
    if (bytes < 1024 * 1024) return t("helpdesk.message.kilobytes", { size: number(bytes / 1024) });
    return t("helpdesk.message.megabytes", { size: number(bytes / (1024 * 1024)) });
  };
}

export const attachmentUrl = (attachmentId: string) => `/support/pieces-jointes/${encodeURIComponent(attachmentId)}`;

const entities: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">" };

/**
 * The stored (already sanitised) HTML made displayable: inline `cid:` images point at our
 * attachment URLs, remote images get their address only once the agent consented. The sanitiser
 * wrote these attributes itself (escaped, quoted), so plain string replacement is exact; text
 * that merely looks like them contains no "<" and can never become markup.
 */
export function displayableHtml(html: string, attachments: MessageAttachment[], showRemoteImages: boolean): string {
  const byContentId = new Map(attachments.filter((file) => file.contentId).map((file) => [file.contentId!.toLowerCase(), file.id]));
  let result = html.replace(/ data-cid="([^"]*)"/g, (match, encoded: string) => {
    const contentId = encoded.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => entities[entity]).toLowerCase();
    const id = byContentId.get(contentId);
    return id ? ` src="${attachmentUrl(id)}"${match}` : match;
  });
  if (showRemoteImages) result = result.replace(/ data-remote-src="/g, ' src="');
  return result;
}

/** Content-IDs the HTML shows inline (those images need no entry in the attachment list). */
function shownContentIds(html: string | null): Set<string> {
  const ids = new Set<string>();
  for (const match of (html ?? "").matchAll(/ data-cid="([^"]*)"/g)) ids.add(match[1].replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => entities[entity]).toLowerCase());
  return ids;
}

/**
 * One message of a ticket's thread. Mail HTML is shown as sanitised at storage (no script, no
 * handlers, nothing that loads from elsewhere); remote images stay blocked until the agent clicks
 * "show images" for this message; inline images come from our own attachment store. Plain-text
 * messages are shown as typed. Then the processing note, the attachments, and for our replies
 * whether the mail left.
 */
export function MessageBody({ message }: { message: MessageBodyProps }) {
  const { t, format } = useI18n();
  const fileSize = useFileSize();
  const [showImages, setShowImages] = useState(false);
  const html = useMemo(
    () => (message.bodyHtml ? displayableHtml(message.bodyHtml, message.attachments, showImages) : null),
    [message.bodyHtml, message.attachments, showImages],
  );
  const inlineShown = useMemo(() => shownContentIds(message.bodyHtml), [message.bodyHtml]);
  const files = message.attachments.filter((file) => !(file.inline && file.contentId && inlineShown.has(file.contentId.toLowerCase())));
  const notes = decodeProcessingNotes(message.processingNote);

  return (
    <div className="space-y-3">
      {message.hasRemoteContent && html ? (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700" role="note">
          <span>{showImages ? t("email.body.remoteShown") : t("email.body.remoteBlocked")}</span>
          {showImages ? null : (
            <button
              type="button"
              onClick={() => setShowImages(true)}
              className="rounded px-2 py-1 font-medium text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              {t("email.body.showImages")}
            </button>
          )}
        </div>
      ) : null}
      {html ? (
        <div
          className={cn(
            "email-body max-w-none overflow-x-auto break-words text-sm leading-relaxed text-slate-800 [contain:content]",
            "[&_a]:text-brand-700 [&_a]:underline [&_blockquote]:my-2 [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
            "[&_img]:inline-block [&_img]:h-auto [&_img]:max-w-full [&_img:not([src])]:hidden [&_p]:my-1.5 [&_table]:max-w-full [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5",
          )}
          data-testid="message-html"
          // Sanitised before storage by app/lib/html-sanitizer.server.ts (allow-list; see docs/email.md).
          dangerouslySetInnerHTML={{ __html: html }}
        />
      ) : (
        <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-800">{message.bodyText}</div>
      )}
      {notes ? (
        <div className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900" role="note">
          <span className="font-medium">{t("helpdesk.message.processingNote")}</span>{" "}
          {typeof notes === "string" ? (
            notes
          ) : (
            <ul className="mt-1 list-disc space-y-0.5 pl-4">
              {notes.map((note, index) => (
                <li key={index}>{describeProcessingNote(note, t, format)}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {files.length > 0 ? (
        <div>
          <p className="text-xs font-medium text-slate-600">{t("helpdesk.message.attachments", { count: files.length })}</p>
          <ul className="mt-1 flex flex-wrap gap-2">
            {files.map((file) => (
              <li key={file.id}>
                <a
                  href={attachmentUrl(file.id)}
                  className="inline-flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-sm text-brand-700 hover:bg-slate-50 hover:underline"
                  download={file.filename}
                >
                  <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 flex-none text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.8}>
                    <path d="M21 12.5 12.5 21a5 5 0 0 1-7-7L14 5.5a3.5 3.5 0 0 1 5 5L10.5 19a2 2 0 0 1-3-3L15 8.5" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  <span className="max-w-[16rem] truncate">{file.filename}</span>
                  <span className="text-xs text-slate-500">{fileSize(file.size)}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {message.delivery ? <DeliveryStatus delivery={message.delivery} /> : null}
    </div>
  );
}

/** Whether the mail carrying this reply left: queued, sent, or failed with the server's reply. */
export function DeliveryStatus({ delivery }: { delivery: DeliveryState }) {
  const { t, format } = useI18n();
  const tone =
    delivery.status === "sent" ? "text-emerald-800" : delivery.status === "failed" ? "text-red-800" : "text-amber-800";
  let text: string;
  if (delivery.status === "sent") {
    text = t("email.delivery.sent", { to: delivery.toAddress, at: delivery.sentAt ? format.dateTime(delivery.sentAt) : "" });
  } else if (delivery.status === "failed") {
    text = t("email.delivery.failed", { to: delivery.toAddress });
  } else if (!delivery.smtpConfigured) {
    text = t("email.delivery.noSmtp", { to: delivery.toAddress });
  } else if (delivery.attempts > 0 && delivery.nextAttemptAt) {
    text = t("email.delivery.retrying", { to: delivery.toAddress, at: format.dateTime(delivery.nextAttemptAt), attempts: delivery.attempts });
  } else {
    text = t("email.delivery.queued", { to: delivery.toAddress });
  }
  return (
    <div className={cn("flex flex-wrap items-start gap-x-2 text-xs", tone)} role="status" data-delivery={delivery.status}>
      <span aria-hidden="true">{delivery.status === "sent" ? "✓" : delivery.status === "failed" ? "✕" : "…"}</span>
      <span>
        {text}
        {delivery.lastError && delivery.status !== "sent" ? (
          <>
            {" "}
            <span className="text-slate-600">
              {t("email.delivery.serverReply")} <q className="font-mono">{delivery.lastError}</q>
            </span>
          </>
        ) : null}
      </span>
    </div>
  );
}
