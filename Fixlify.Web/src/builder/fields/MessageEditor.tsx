import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Extension, type JSONContent } from "@tiptap/core";
import { EditorContent, useEditor } from "@tiptap/react";
import Document from "@tiptap/extension-document";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import HardBreak from "@tiptap/extension-hard-break";
import Bold from "@tiptap/extension-bold";
import Italic from "@tiptap/extension-italic";
import Link from "@tiptap/extension-link";
import Mention from "@tiptap/extension-mention";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import { chipLabel, menuLabel, type MenuItem } from "../plain/menu";
import { defaultFormat } from "../plain/chips";
import { chipAttrs, type Doc } from "../plain/messageDoc";
import type { DateFormat } from "../plainCatalog";

/** A chip in the editor: the value's path and format, kept as attributes, shown by its label. */
const Variable = Mention.extend({
  name: "variable",
  // Selectable, so a click on a chip shows how it is formatted (its settings under the field).
  selectable: true,
  addAttributes() {
    return { path: { default: "" }, format: { default: "" }, fallback: { default: null }, raw: { default: null }, label: { default: "" } };
  },
});

type Selected = { pos: number; attrs: { path: string; format: string; fallback: string | null; raw: string | null; label: string } } | null;

type Suggesting = { items: MenuItem[]; active: number; command: (item: MenuItem) => void } | null;

/**
 * A message field with chips (TipTap): text as the client reads it, details such as "Client's first name" inserted from the
 * "Insert a detail" menu or by typing `@`. One line for a subject or an address, paragraphs for a body or a text message,
 * bold, italic and links for an email's HTML. The document in and out is the chip grammar's (see plain/messageDoc).
 */
export default function MessageEditor({
  id,
  label,
  doc,
  menu,
  dateFormats,
  multiline,
  rich,
  disabled,
  invalid,
  describedBy,
  text,
  serialize,
  onChange,
}: {
  id: string;
  label: string;
  doc: Doc;
  /** The field's text now, and how a document becomes it: a text that differs from the last one typed here is loaded. */
  text: string;
  serialize: (doc: Doc) => string;
  menu: MenuItem[];
  dateFormats: DateFormat[];
  multiline: boolean;
  rich: boolean;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  onChange: (text: string) => void;
}) {
  const [suggesting, setSuggesting] = useState<Suggesting>(null);
  const [selected, setSelected] = useState<Selected>(null);
  const suggestingRef = useRef<Suggesting>(null);
  const shown = useRef(text);
  const focused = useRef(false);
  const menuRef = useRef(menu);
  // TipTap's suggestion callbacks run on keystrokes, after render: they read the latest list and menu through these refs.
  useLayoutEffect(() => {
    suggestingRef.current = suggesting;
    menuRef.current = menu;
  });
  const labelled = (d: Doc) => withLabels(d, menu, dateFormats);
  const chipOf = (item: MenuItem) => {
    const attrs = chipAttrs({ path: item.path, format: defaultFormat(item.kind, dateFormats), fallback: null });
    return { type: "variable", attrs: { ...attrs, label: labelOf(item, attrs.format, null, dateFormats) } };
  };

  const editor = useEditor({
    immediatelyRender: true,
    editable: !disabled,
    content: labelled(doc) as JSONContent,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      ...(rich ? [Bold, Italic, Link.configure({ openOnClick: false, autolink: false })] : []),
      Extension.create({
        name: "oneLine",
        priority: 10,
        addKeyboardShortcuts: (): Record<string, () => boolean> => (multiline ? {} : { Enter: () => true, "Shift-Enter": () => true }),
      }),
      // eslint-disable-next-line react-hooks/refs -- the refs are read by TipTap's callbacks on keystrokes, never during render
      Variable.configure({
        renderHTML: ({ node }) => ["span", { class: "chip", "data-type": "variable", "data-path": node.attrs.path }, node.attrs.label || node.attrs.path],
        renderText: ({ node }) => node.attrs.label || node.attrs.path,
        suggestion: {
          char: "@",
          items: ({ query }) => {
            // The fields whose name starts with what was typed first ("start" → Job › Start), then any that contain it.
            const q = query.toLowerCase();
            const rank = (item: MenuItem) => (item.field.toLowerCase().startsWith(q) ? 0 : item.group.toLowerCase().startsWith(q) ? 1 : 2);
            return menuRef.current
              .filter((item) => menuLabel(item).toLowerCase().includes(q))
              .sort((a, b) => rank(a) - rank(b))
              .slice(0, 8);
          },
          command: ({ editor: e, range, props }) => {
            e.chain().focus().insertContentAt(range, [chipOf(props as unknown as MenuItem), { type: "text", text: " " }]).run();
          },
          render: () => ({
            onStart: (props: SuggestionProps<MenuItem>) => setSuggesting({ items: props.items, active: 0, command: (item) => props.command(item) }),
            onUpdate: (props: SuggestionProps<MenuItem>) => setSuggesting({ items: props.items, active: 0, command: (item) => props.command(item) }),
            onExit: () => setSuggesting(null),
            onKeyDown: ({ event }: SuggestionKeyDownProps) => {
              const current = suggestingRef.current;
              if (!current || current.items.length === 0) {
                return false;
              }
              if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                const step = event.key === "ArrowDown" ? 1 : current.items.length - 1;
                setSuggesting({ ...current, active: (current.active + step) % current.items.length });
                return true;
              }
              if (event.key === "Enter" || event.key === "Tab") {
                current.command(current.items[current.active]!);
                return true;
              }
              if (event.key === "Escape") {
                setSuggesting(null);
                return true;
              }
              return false;
            },
          }),
        },
      }),
    ],
    editorProps: {
      attributes: {
        id,
        role: "textbox",
        "aria-label": label,
        "aria-multiline": String(multiline),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        class: `message-editor${multiline ? " multiline" : ""}`,
      },
    },
    onFocus: () => {
      focused.current = true;
    },
    onSelectionUpdate: ({ editor: e }) => {
      const { selection } = e.state;
      const node = "node" in selection ? (selection as { node: { type: { name: string }; attrs: Record<string, unknown> } }).node : null;
      setSelected(node?.type.name === "variable" ? { pos: selection.from, attrs: node.attrs as NonNullable<Selected>["attrs"] } : null);
    },
    onUpdate: ({ editor: e }) => {
      const next = serialize(stripLabels(e.getJSON() as Doc));
      if (next !== shown.current) {
        shown.current = next;
        onChange(next);
      }
    },
  });

  // A change from elsewhere (undo, another field) replaces the content; the person's own typing does not come back here.
  useEffect(() => {
    if (editor && text !== shown.current) {
      shown.current = text;
      editor.commands.setContent(labelled(doc) as JSONContent, { emitUpdate: false });
    }
  });
  useEffect(() => {
    if (editor && editor.isEditable === Boolean(disabled)) {
      editor.setEditable(!disabled, false);
    }
  }, [editor, disabled]);

  const groups = [...new Set(menu.map((i) => i.group))];
  return (
    <div className="message-field">
      <EditorContent editor={editor} />
      {selected && editor && (
        <ChipSettings
          selected={selected}
          item={menu.find((m) => m.path === selected.attrs.path)}
          dateFormats={dateFormats}
          disabled={disabled}
          onChange={(format, fallback) => {
            const item = menu.find((m) => m.path === selected.attrs.path);
            const attrs = { ...selected.attrs, format, fallback, raw: null, label: labelOf(item, format, fallback, dateFormats) };
            editor
              .chain()
              .command(({ tr }) => {
                tr.setNodeMarkup(selected.pos, undefined, attrs);
                return true;
              })
              .setNodeSelection(selected.pos)
              .run();
            setSelected({ pos: selected.pos, attrs });
          }}
        />
      )}
      {suggesting && suggesting.items.length > 0 && (
        <ul role="listbox" className="liquid-suggestions" aria-label="Details">
          {suggesting.items.map((item, index) => (
            <li
              key={item.path}
              role="option"
              aria-selected={index === suggesting.active}
              onMouseDown={(event) => {
                event.preventDefault();
                suggesting.command(item);
              }}
            >
              {menuLabel(item)}
            </li>
          ))}
        </ul>
      )}
      {menu.length > 0 && (
        <select
          className="insert-detail"
          aria-label={`Insert a detail into ${label}`}
          value=""
          disabled={disabled}
          onChange={(event) => {
            const item = menu.find((i) => i.path === event.target.value);
            if (item && editor) {
              // Where the caret was, or at the end when the person has not been in the field yet.
              editor.chain().focus(focused.current ? null : "end").insertContent([chipOf(item), { type: "text", text: " " }]).run();
            }
          }}
        >
          <option value="">Insert a detail…</option>
          {groups.map((group) => (
            <optgroup key={group} label={group}>
              {menu
                .filter((i) => i.group === group)
                .map((i) => (
                  <option key={i.path} value={i.path}>
                    {menuLabel(i)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      )}
    </div>
  );
}

/** How a selected chip shows its value: the date's form, money or the plain number, and the words when it is empty. */
function ChipSettings({ selected, item, dateFormats, disabled, onChange }: { selected: NonNullable<Selected>; item: MenuItem | undefined; dateFormats: DateFormat[]; disabled?: boolean; onChange: (format: string, fallback: string | null) => void }) {
  const { format, fallback } = selected.attrs;
  const kind = item?.kind ?? "text";
  const formats: [string, string][] =
    kind === "money"
      ? [["money", "As money, such as $1,250.00"], ["", "As a plain number"]]
      : kind === "date" || kind === "datetime"
        ? [...dateFormats.filter((f) => (f.kinds as string[]).includes(kind)).map((f): [string, string] => [`date:${f.format}`, f.example]), ["", "As stored"]]
        : [];
  return (
    <div className="chip-settings" role="group" aria-label={`Detail: ${selected.attrs.label}`}>
      {formats.length > 0 && (
        <label>
          Show it
          <select value={format} disabled={disabled} onChange={(event) => onChange(event.target.value, fallback)}>
            {!formats.some(([value]) => value === format) && <option value={format}>As written</option>}
            {formats.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        When it is empty, show
        <input value={fallback ?? ""} disabled={disabled} placeholder="Nothing" onChange={(event) => onChange(format, event.target.value === "" ? null : event.target.value)} />
      </label>
    </div>
  );
}

/** "Invoice's total — $1,250.00", "Job's start — Tuesday, December 9 at 10:00 AM", "Technician's first name, or “your technician”". */
export function labelOf(item: MenuItem | undefined, format: string, fallback: string | null, dateFormats: DateFormat[]): string {
  const base = item ? chipLabel(item) : "A detail";
  const example = format === "money" ? " — $1,250.00" : format.startsWith("date:") ? ` — ${dateFormats.find((f) => f.format === format.slice(5))?.example ?? "a date"}` : "";
  return `${base}${example}${fallback !== null ? `, or “${fallback}”` : ""}`;
}

function withLabels(doc: Doc, menu: MenuItem[], dateFormats: DateFormat[]): Doc {
  return {
    ...doc,
    content: doc.content.map((p) => ({
      ...p,
      ...(p.content
        ? {
            content: p.content.map((i) =>
              i.type === "variable" ? { ...i, attrs: { ...i.attrs, label: labelOf(menu.find((m) => m.path === i.attrs.path), i.attrs.format, i.attrs.fallback, dateFormats) } } : i,
            ),
          }
        : {}),
    })),
  };
}

function stripLabels(doc: Doc): Doc {
  return {
    type: "doc",
    content: (doc.content ?? []).map((p) => ({
      type: "paragraph" as const,
      ...(p.content && p.content.length > 0
        ? {
            content: p.content.map((i) => {
              if (i.type !== "variable") {
                return i;
              }
              const { label: _label, ...attrs } = i.attrs as typeof i.attrs & { label?: string };
              return { ...i, attrs };
            }),
          }
        : {}),
    })),
  };
}
