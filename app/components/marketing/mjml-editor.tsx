import { useEffect, useRef, useState } from "react";

/**
 * The MJML source: a plain textarea (the form posts it, with or without JavaScript), upgraded in
 * the browser to a CodeMirror 6 editor with XML highlighting and line numbers, loaded lazily so
 * the page and the server bundle do not carry it. The editor writes back into the textarea.
 */
export function MjmlEditor({
  id,
  name,
  defaultValue,
  label,
  describedBy,
  errorLines,
  onChange,
  insertRequest,
}: {
  id: string;
  name: string;
  defaultValue: string;
  label: string;
  describedBy?: string;
  errorLines: number[];
  onChange: (value: string) => void;
  /** A merge field to insert at the cursor (the picker's last choice, with a counter so the same field can be inserted twice). */
  insertRequest: { text: string; serial: number } | null;
}) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<{ dispatch: (spec: unknown) => void; state: { selection: { main: { head: number } }; doc: { toString(): string; line(n: number): { from: number } ; lines: number } }; destroy(): void; focus(): void } | null>(null);
  const [enhanced, setEnhanced] = useState(false);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    void (async () => {
      const [{ basicSetup, EditorView }, { xml }] = await Promise.all([import("codemirror"), import("@codemirror/lang-xml")]);
      if (cancelled || !host.current || !textarea.current) return;
      const area = textarea.current;
      const editor = new EditorView({
        doc: area.value,
        parent: host.current,
        extensions: [
          basicSetup,
          xml(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label, ...(describedBy ? { "aria-describedby": describedBy } : {}) }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            area.value = update.state.doc.toString();
            onChangeRef.current(area.value);
          }),
        ],
      });
      view.current = editor as unknown as typeof view.current;
      setEnhanced(true);
      destroy = () => editor.destroy();
    })();
    return () => {
      cancelled = true;
      destroy?.();
      view.current = null;
    };
  }, [label, describedBy]);

  useEffect(() => {
    if (!insertRequest) return;
    const editor = view.current;
    if (editor) {
      const at = editor.state.selection.main.head;
      editor.dispatch({ changes: { from: at, insert: insertRequest.text }, selection: { anchor: at + insertRequest.text.length } });
      editor.focus();
      return;
    }
    const area = textarea.current;
    if (!area) return;
    const start = area.selectionStart ?? area.value.length;
    area.value = `${area.value.slice(0, start)}${insertRequest.text}${area.value.slice(area.selectionEnd ?? start)}`;
    area.selectionStart = area.selectionEnd = start + insertRequest.text.length;
    area.focus();
    onChangeRef.current(area.value);
  }, [insertRequest]);

  return (
    <div>
      <textarea
        ref={textarea}
        id={id}
        name={name}
        defaultValue={defaultValue}
        rows={24}
        spellCheck={false}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
        className={enhanced ? "sr-only" : "block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"}
        tabIndex={enhanced ? -1 : undefined}
        aria-hidden={enhanced ? true : undefined}
      />
      <div
        ref={host}
        className={enhanced ? "max-h-[36rem] overflow-auto rounded-md border border-slate-300 text-xs" : "hidden"}
        data-error-lines={errorLines.join(",")}
      />
    </div>
  );
}
