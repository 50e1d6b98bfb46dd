import { useRouteLoaderData } from "@remix-run/react";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useI18n } from "~/components/i18n";
import { control, FieldFrame } from "~/components/ui/field";
import { cn } from "~/components/ui/cn";
import { articleImageAccept } from "~/domain/knowledge/image-types";
import type { loader as rootLoader } from "~/root";
import "./article-body.css";

/**
 * An article's body: a plain <textarea> of HTML that the form posts (and that works without
 * JavaScript), replaced once the page is interactive by a Tiptap editor that keeps it in sync.
 * The server sanitises whatever arrives, whichever way it was typed.
 */
export function ArticleBodyEditor({
  name,
  label,
  languageLabel,
  defaultValue,
  hint,
  error,
}: {
  name: string;
  label: string;
  languageLabel: string;
  defaultValue: string;
  hint?: ReactNode;
  error?: string | null;
}) {
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  return (
    <FieldFrame id={enhanced ? `${id}-rich` : id} label={label} error={error} hint={enhanced ? undefined : hint}>
      <textarea
        ref={textarea}
        id={id}
        name={name}
        rows={14}
        defaultValue={defaultValue}
        hidden={enhanced}
        className={enhanced ? "hidden" : cn(control, "font-mono text-xs")}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
      {enhanced ? <RichEditor id={`${id}-rich`} textarea={textarea} languageLabel={languageLabel} invalid={Boolean(error)} /> : null}
    </FieldFrame>
  );
}

function RichEditor({ id, textarea, languageLabel, invalid }: { id: string; textarea: React.RefObject<HTMLTextAreaElement>; languageLabel: string; invalid: boolean }) {
  const { t } = useI18n();
  const editor = useEditor({
    immediatelyRender: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, defaultProtocol: "https" },
      }),
      Image,
      TableKit.configure({ table: { resizable: false } }),
    ],
    content: textarea.current?.value ?? "",
    editorProps: {
      attributes: {
        id,
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": t("knowledge.toolbar.editorLabel", { language: languageLabel }),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        class: "article-body min-h-[16rem] px-3 py-2 text-sm focus:outline-none",
      },
    },
    onUpdate: ({ editor: current }) => {
      if (textarea.current) textarea.current.value = current.isEmpty ? "" : current.getHTML();
    },
  });
  if (!editor) return null;
  return (
    <div className="rounded-md bg-white shadow-sm ring-1 ring-inset ring-slate-300 focus-within:ring-2 focus-within:ring-brand-600">
      <Toolbar editor={editor} />
      <EditorContent editor={editor} />
    </div>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
      <path d={path} />
    </svg>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const fileInput = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      h2: current.isActive("heading", { level: 2 }),
      h3: current.isActive("heading", { level: 3 }),
      bold: current.isActive("bold"),
      italic: current.isActive("italic"),
      bulletList: current.isActive("bulletList"),
      orderedList: current.isActive("orderedList"),
      link: current.isActive("link"),
      codeBlock: current.isActive("codeBlock"),
      canUndo: current.can().undo(),
      canRedo: current.can().redo(),
    }),
  });

  const setLink = () => {
    const current = (editor.getAttributes("link").href as string | undefined) ?? "";
    const href = window.prompt(t("knowledge.toolbar.linkPrompt"), current);
    if (href === null) return;
    if (href.trim() === "") editor.chain().focus().extendMarkRange("link").unsetLink().run();
    else editor.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
  };

  const upload = async (file: File) => {
    setStatus(t("knowledge.toolbar.imageUploading"));
    const body = new FormData();
    body.append("csrf", root?.csrfToken ?? "");
    body.append("image", file);
    try {
      const response = await fetch("/connaissances/images", { method: "POST", body, headers: { Accept: "application/json" } });
      const result = (await response.json().catch(() => ({}))) as { url?: string; error?: string };
      if (!response.ok || !result.url) throw new Error(result.error ?? response.statusText);
      editor.chain().focus().setImage({ src: result.url, alt: file.name.replace(/\.[^.]+$/, "") }).run();
      setStatus(null);
    } catch (error) {
      setStatus(t("knowledge.toolbar.imageFailed", { reason: error instanceof Error ? error.message : "" }));
    }
  };

  const buttons: Array<{ key: string; label: string; pressed?: boolean; disabled?: boolean; run: () => void; text: ReactNode }> = [
    { key: "h2", label: t("knowledge.toolbar.heading2"), pressed: state.h2, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(), text: "H2" },
    { key: "h3", label: t("knowledge.toolbar.heading3"), pressed: state.h3, run: () => editor.chain().focus().toggleHeading({ level: 3 }).run(), text: "H3" },
    { key: "bold", label: t("knowledge.toolbar.bold"), pressed: state.bold, run: () => editor.chain().focus().toggleBold().run(), text: "B" },
    { key: "italic", label: t("knowledge.toolbar.italic"), pressed: state.italic, run: () => editor.chain().focus().toggleItalic().run(), text: "I" },
    { key: "ul", label: t("knowledge.toolbar.bulletList"), pressed: state.bulletList, run: () => editor.chain().focus().toggleBulletList().run(), text: "•" },
    { key: "ol", label: t("knowledge.toolbar.orderedList"), pressed: state.orderedList, run: () => editor.chain().focus().toggleOrderedList().run(), text: "1." },
    { key: "link", label: t("knowledge.toolbar.link"), pressed: state.link, run: setLink, text: <Icon path="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /> },
    { key: "image", label: t("knowledge.toolbar.image"), run: () => fileInput.current?.click(), text: <Icon path="M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M15 9.5a1 1 0 1 0 0-.01" /> },
    { key: "code", label: t("knowledge.toolbar.codeBlock"), pressed: state.codeBlock, run: () => editor.chain().focus().toggleCodeBlock().run(), text: "</>" },
    { key: "table", label: t("knowledge.toolbar.table"), run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), text: "▦" },
    { key: "undo", label: t("knowledge.toolbar.undo"), disabled: !state.canUndo, run: () => editor.chain().focus().undo().run(), text: "↶" },
    { key: "redo", label: t("knowledge.toolbar.redo"), disabled: !state.canRedo, run: () => editor.chain().focus().redo().run(), text: "↷" },
  ];
  return (
    <div className="border-b border-slate-200">
      <div role="toolbar" aria-label={t("knowledge.toolbar.label")} className="flex flex-wrap gap-1 p-1">
        {buttons.map((button) => (
          <button
            key={button.key}
            type="button"
            title={button.label}
            aria-label={button.label}
            aria-pressed={button.pressed === undefined ? undefined : button.pressed}
            disabled={button.disabled}
            onClick={button.run}
            className={cn(
              "h-8 min-w-8 rounded px-2 text-sm font-semibold text-slate-700 hover:bg-slate-100 disabled:opacity-40",
              "focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600",
              button.pressed ? "bg-brand-50 text-brand-800" : null,
            )}
          >
            <span aria-hidden="true">{button.text}</span>
          </button>
        ))}
        <input
          ref={fileInput}
          type="file"
          accept={articleImageAccept}
          className="hidden"
          tabIndex={-1}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = "";
            if (file) void upload(file);
          }}
        />
      </div>
      {status ? (
        <p className="px-2 pb-1 text-xs text-slate-600" role="status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
