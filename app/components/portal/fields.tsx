import { type ReactNode, useId, useState } from "react";
import { useI18n } from "~/components/i18n";
import { formatFileSize, isAllowedUpload, type UploadRejection, uploadAccept, uploadExtensionsLabel, uploadLimits } from "~/lib/upload-rules";
import type { MessageKey } from "~/lib/i18n/messages/fr";

function Messages({ id, error, hint }: { id: string; error?: string | null; hint?: ReactNode }) {
  return (
    <>
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Radio buttons shown as cards, for a short list of choices (request type, rating). */
export function ChoiceField({
  label,
  name,
  options,
  defaultValue,
  error,
}: {
  label: string;
  name: string;
  options: Array<{ value: string; label: string; description?: string }>;
  defaultValue?: string;
  error?: string | null;
}) {
  const id = useId();
  return (
    <fieldset className="space-y-1" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="block text-sm font-medium text-slate-800">{label}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {options.map((option) => (
          <label
            key={option.value}
            className="flex cursor-pointer items-start gap-2 rounded-md bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 has-[:checked]:ring-2 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600"
          >
            <input type="radio" name={name} value={option.value} defaultChecked={defaultValue === option.value} className="mt-0.5 h-4 w-4 text-brand-600 focus:ring-brand-600" />
            <span>
              <span className="font-medium text-slate-900">{option.label}</span>
              {option.description ? <span className="block text-xs text-slate-500">{option.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <Messages id={id} error={error} />
    </fieldset>
  );
}

export const rejectionMessages: Record<UploadRejection, MessageKey> = {
  type: "portal.files.rejectedType",
  too_large: "portal.files.rejectedTooLarge",
  too_many: "portal.files.rejectedTooMany",
  total_too_large: "portal.files.rejectedTotal",
  unreadable: "portal.files.rejectedUnreadable",
};

/** Checks selected files in the browser, with the server's rules, before anything is sent. */
export function checkFilesInBrowser(files: File[]): Array<{ name: string; size: number; problem: UploadRejection | null }> {
  let total = 0;
  return files.map((file, index) => {
    let problem: UploadRejection | null = null;
    if (!isAllowedUpload(file.name)) problem = "type";
    else if (index >= uploadLimits.maxFiles) problem = "too_many";
    else if (file.size > uploadLimits.maxFileBytes) problem = "too_large";
    else if (total + file.size > uploadLimits.maxTotalBytes) problem = "total_too_large";
    if (!problem) total += file.size;
    return { name: file.name, size: file.size, problem };
  });
}

/**
 * Several attachments: limits announced, each selected file listed with its size, problems
 * shown at once (in the browser) and again by the server. Files the server received on a
 * refused submission cannot be put back by the browser: the field says to select them again.
 */
export function AttachmentsField({
  name,
  error,
  filesToSelectAgain = [],
  rejected = [],
  onProblemsChange,
}: {
  name: string;
  error?: string | null;
  filesToSelectAgain?: string[];
  rejected?: Array<{ filename: string; reason: UploadRejection }>;
  onProblemsChange?: (hasProblems: boolean) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [selected, setSelected] = useState<ReturnType<typeof checkFilesInBrowser>>([]);
  const limits = {
    count: uploadLimits.maxFiles,
    size: formatFileSize(uploadLimits.maxFileBytes, locale),
    total: formatFileSize(uploadLimits.maxTotalBytes, locale),
    types: uploadExtensionsLabel,
  };
  const browserProblems = selected.filter((file) => file.problem);
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("portal.files.label")}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        multiple
        accept={uploadAccept}
        aria-invalid={error || browserProblems.length > 0 ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(event) => {
          const checked = checkFilesInBrowser(Array.from(event.currentTarget.files ?? []));
          setSelected(checked);
          onProblemsChange?.(checked.some((file) => file.problem));
        }}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {t("portal.files.hint", limits)}
      </p>
      {selected.length > 0 ? (
        <ul className="space-y-1 text-sm" aria-live="polite">
          {selected.map((file, index) => (
            <li key={`${file.name}-${index}`} className={file.problem ? "text-red-700" : "text-slate-700"}>
              {file.name} · {formatFileSize(file.size, locale)}
              {file.problem ? ` : ${t(rejectionMessages[file.problem], limits)}` : null}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      {rejected.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-red-700">
          {rejected.map((file, index) => (
            <li key={`${file.filename}-${index}`}>
              {file.filename} : {t(rejectionMessages[file.reason], limits)}
            </li>
          ))}
        </ul>
      ) : null}
      {filesToSelectAgain.length > 0 && selected.length === 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {t("portal.files.selectAgain", { files: filesToSelectAgain.join(", ") })}
        </p>
      ) : null}
    </div>
  );
}
