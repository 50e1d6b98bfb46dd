import { Form, useNavigation } from "@remix-run/react";
import { useId, useRef, useState, type FormEventHandler } from "react";
import { leftoverPlaceholders, type CannedReplyPlaceholder } from "~/domain/helpdesk/canned-replies";
import { insertAtSelection } from "~/domain/knowledge/agent-suggestions";
import { replyStatuses } from "~/domain/helpdesk/workspace-schemas";
import type { FieldErrors } from "~/lib/forms";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { ComposerArticleSearch } from "../knowledge/composer-article-search";
import { useReplyInsertionTarget } from "../knowledge/reply-insertion";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { FormAlert, SelectField } from "../ui/field";

export type ComposerCannedReply = { id: string; title: string; text: string; unknown: string[]; missing: CannedReplyPlaceholder[] };

export type ComposerDefaults = { body?: string; visibility?: string; statusAfter?: string };

/**
 * The reply box: a public reply "submitted as" a status (Zendesk-style), or an internal note
 * (optionally changing the status). Canned replies are inserted at the cursor with the
 * placeholders already filled for this ticket; what could not be filled stays visible and is
 * pointed out, and the server refuses to send a reply that still holds a placeholder.
 * Knowledge-base articles (the composer's search, the suggested articles beside the ticket) are
 * inserted at the cursor the same way, in the customer's language (`knowledgeLanguage`).
 */
export function TicketComposer({
  lock,
  cannedReplies,
  defaults,
  fieldErrors,
  formError,
  onSubmit,
  onInput,
  knowledgeLanguage,
}: {
  lock: { version: number; loadedAt: string };
  cannedReplies: ComposerCannedReply[];
  defaults?: ComposerDefaults;
  fieldErrors?: FieldErrors;
  formError?: string | null;
  /** Live updates: the collision guard holds a send when a colleague replied meanwhile (app/components/realtime/ticket-live.tsx). */
  onSubmit?: FormEventHandler<HTMLFormElement>;
  /** Live updates: typing tells colleagues who have the ticket open. */
  onInput?: FormEventHandler<HTMLFormElement>;
  /** The customer's language: shows the knowledge-base search (staff who read the knowledge base). */
  knowledgeLanguage?: string | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [visibility, setVisibility] = useState(defaults?.visibility === "internal" ? "internal" : "public");
  const [body, setBody] = useState(defaults?.body ?? "");
  const [cannedId, setCannedId] = useState(cannedReplies[0]?.id ?? "");
  const [notice, setNotice] = useState<ComposerCannedReply | null>(null);
  const internal = visibility === "internal";
  const leftovers = leftoverPlaceholders(body);
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "reply";
  const error = (name: string) => (fieldErrors?.[name] ? t(fieldErrors[name]!) : null);

  const insertCanned = () => {
    const reply = cannedReplies.find((candidate) => candidate.id === cannedId);
    if (!reply) return;
    const element = textarea.current;
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    const next = body.slice(0, start) + reply.text + body.slice(end);
    setBody(next);
    setNotice(reply.unknown.length || reply.missing.length ? reply : null);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + reply.text.length, start + reply.text.length);
    });
  };

  // Articles of the knowledge base (app/components/knowledge/*) land at the cursor, like canned replies.
  const bodyNow = useRef(body);
  bodyNow.current = body;
  // Until the agent has been in the reply box, "the cursor" is the end of what is there.
  const cursorPlaced = useRef(false);
  useReplyInsertionTarget((text) => {
    const element = textarea.current;
    const current = bodyNow.current;
    const selection =
      element && cursorPlaced.current ? { start: element.selectionStart, end: element.selectionEnd } : { start: current.length, end: current.length };
    const next = insertAtSelection(current, selection, text);
    bodyNow.current = next.value;
    setBody(next.value);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.caret, next.caret);
    });
  });

  const statusOptions = internal
    ? [{ value: "", label: t("helpdesk.composer.keepStatus") }, ...replyStatuses.map((status) => ({ value: status, label: t(`ticket.status.${status}`) }))]
    : replyStatuses.map((status) => ({ value: status, label: t(`ticket.status.${status}`) }));

  return (
    <Form
      method="post"
      className={cn("rounded-lg border p-4 shadow-sm", internal ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white")}
      noValidate
      onSubmit={onSubmit}
      onInput={onInput}
    >
      <CsrfField />
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name="version" value={lock.version} />
      <input type="hidden" name="loadedAt" value={lock.loadedAt} />
      <fieldset className="mb-3">
        <legend className="sr-only">{t("helpdesk.composer.kind")}</legend>
        <div className="inline-flex rounded-md bg-slate-100 p-1" role="radiogroup">
          {(["public", "internal"] as const).map((option) => (
            <label
              key={option}
              className={cn(
                "cursor-pointer rounded px-3 py-1.5 text-sm font-medium focus-within:outline focus-within:outline-2 focus-within:outline-brand-600",
                visibility === option ? (option === "internal" ? "bg-amber-200 text-amber-900 shadow-sm" : "bg-white text-slate-900 shadow-sm") : "text-slate-600 hover:text-slate-900",
              )}
            >
              <input type="radio" name="visibility" value={option} checked={visibility === option} onChange={() => setVisibility(option)} className="sr-only" />
              {option === "public" ? t("helpdesk.composer.publicReply") : t("helpdesk.composer.internalNote")}
            </label>
          ))}
        </div>
      </fieldset>

      {formError ? <FormAlert>{formError}</FormAlert> : null}

      <div className="space-y-1">
        <label htmlFor={`${id}-body`} className="block text-sm font-medium text-slate-800">
          {internal ? t("helpdesk.composer.noteLabel") : t("helpdesk.composer.replyLabel")}
        </label>
        <textarea
          id={`${id}-body`}
          ref={textarea}
          name="body"
          rows={8}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onFocus={() => (cursorPlaced.current = true)}
          aria-invalid={error("body") ? true : undefined}
          aria-describedby={error("body") ? `${id}-body-error` : leftovers.length ? `${id}-leftovers` : undefined}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
          placeholder={internal ? t("helpdesk.composer.notePlaceholder") : t("helpdesk.composer.replyPlaceholder")}
        />
        {error("body") ? (
          <p id={`${id}-body-error`} className="text-sm text-red-700" role="alert">
            {error("body")}
          </p>
        ) : null}
        {leftovers.length > 0 ? (
          <p id={`${id}-leftovers`} className="text-sm text-amber-800" data-testid="composer-leftovers">
            {t("helpdesk.composer.leftovers", { placeholders: leftovers.join(", ") })}
          </p>
        ) : null}
      </div>

      {cannedReplies.length > 0 ? (
        <div className="mt-3 flex flex-wrap items-end gap-2">
          <SelectField
            label={t("helpdesk.composer.cannedReply")}
            className="min-w-[14rem] flex-1 sm:flex-none"
            value={cannedId}
            onChange={(event) => setCannedId(event.target.value)}
            options={cannedReplies.map((reply) => ({ value: reply.id, label: reply.title }))}
          />
          <Button type="button" variant="secondary" onClick={insertCanned}>
            {t("helpdesk.composer.insert")}
          </Button>
        </div>
      ) : null}
      {notice ? (
        <p className="mt-2 text-sm text-amber-800" role="status">
          {notice.missing.length ? t("helpdesk.composer.missingValues", { placeholders: notice.missing.map((name) => `{{${name}}}`).join(", ") }) : null}{" "}
          {notice.unknown.length ? t("helpdesk.composer.unknownPlaceholders", { placeholders: notice.unknown.join(", ") }) : null}
        </p>
      ) : null}

      {knowledgeLanguage ? <ComposerArticleSearch customerLanguage={knowledgeLanguage} /> : null}

      <div className="mt-4 flex flex-wrap items-end justify-end gap-3">
        <SelectField
          key={visibility}
          label={internal ? t("helpdesk.composer.statusAfterNote") : t("helpdesk.composer.submitAs")}
          name="statusAfter"
          className="min-w-[12rem]"
          defaultValue={defaults?.visibility === visibility ? defaults?.statusAfter : internal ? "" : "pending_customer"}
          error={error("statusAfter")}
          options={statusOptions}
        />
        <Button type="submit" disabled={submitting}>
          {internal ? t("helpdesk.composer.addNote") : t("helpdesk.composer.send")}
        </Button>
      </div>
    </Form>
  );
}
