import { useI18n } from "../i18n";

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
  /** Sanitised HTML (see the email channel), or null for plain-text messages. */
  bodyHtml: string | null;
  /** The HTML references remote images, shown only when the agent asks. */
  hasRemoteContent: boolean;
  /** A note for agents about how the message was processed (e.g. attachments over the size limit). */
  processingNote: string | null;
  attachments: MessageAttachment[];
};

/** "12,5 Ko", "3,1 Mo": sizes the way French users read them. */
export function useFileSize() {
  const { t, locale } = useI18n();
  return (bytes: number) => {
    const number = (value: number) => new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 1 }).format(value);
    if (bytes < 1024) return t("helpdesk.message.bytes", { size: number(bytes) });
    if (bytes < 1024 * 1024) return t("helpdesk.message.kilobytes", { size: number(bytes / 1024) });
    return t("helpdesk.message.megabytes", { size: number(bytes / (1024 * 1024)) });
  };
}

/**
 * One message of a ticket's thread: its text (kept as typed: line breaks, no markup is ever
 * interpreted), the processing note if any, and its attachments, downloadable by agents allowed
 * to see the ticket.
 */
export function MessageBody({ message }: { message: MessageBodyProps }) {
  const { t } = useI18n();
  const fileSize = useFileSize();
  const files = message.attachments;
  return (
    <div className="space-y-3">
      <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-800">{message.bodyText}</div>
      {message.processingNote ? (
        <p className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-600">
          <span className="font-medium">{t("helpdesk.message.processingNote")}</span> {message.processingNote}
        </p>
      ) : null}
      {files.length > 0 ? (
        <div>
          <p className="text-xs font-medium text-slate-600">{t("helpdesk.message.attachments", { count: files.length })}</p>
          <ul className="mt-1 flex flex-wrap gap-2">
            {files.map((file) => (
              <li key={file.id}>
                <a
                  href={`/support/pieces-jointes/${file.id}`}
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
    </div>
  );
}
