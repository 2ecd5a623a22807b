import { chipLiquid, parseChips, type Chip, type ChipFormat, type Segment } from "./chips";

/** The editor's document (TipTap's JSON): paragraphs of text, chips (`variable` nodes) and line breaks. */
export type Mark = { type: "bold" | "italic" | "link"; attrs?: { href: string } };
export type Inline =
  | { type: "text"; text: string; marks?: Mark[] }
  | { type: "variable"; attrs: VariableAttrs; marks?: Mark[] }
  | { type: "hardBreak"; marks?: Mark[] };
export type Paragraph = { type: "paragraph"; content?: Inline[] };
export type Doc = { type: "doc"; content: Paragraph[] };

/** A chip as the editor holds it (flat, so ProseMirror can copy it): the format is "", "money" or "date:<format>". */
export type VariableAttrs = { path: string; format: string; fallback: string | null; raw: string | null };

export type ChipOptions = { dateFormats?: string[]; moneyFilter?: string };

export function chipAttrs(chip: Chip): VariableAttrs {
  const format = chip.format === null ? "" : chip.format.kind === "money" ? "money" : `date:${chip.format.format}`;
  return { path: chip.path, format, fallback: chip.fallback, raw: chip.raw ?? null };
}

export function attrsChip(attrs: VariableAttrs): Chip {
  const format: ChipFormat = attrs.format === "money" ? { kind: "money" } : attrs.format.startsWith("date:") ? { kind: "date", format: attrs.format.slice(5) } : null;
  return { path: attrs.path, format, fallback: attrs.fallback, ...(attrs.raw !== null ? { raw: attrs.raw } : {}) };
}

function inlineOf(segments: Segment[]): Inline[] {
  return segments.map((s) => (typeof s === "string" ? { type: "text" as const, text: s } : { type: "variable" as const, attrs: chipAttrs(s) }));
}

/** A plain text field as the editor's document, one paragraph a line; null when the text is not all text and chips. */
export function textToDoc(text: string, options: ChipOptions = {}): Doc | null {
  const lines = text.split("\n").map((line) => parseChips(line, options.dateFormats, options.moneyFilter));
  if (lines.some((line) => line === null)) {
    return null;
  }
  return { type: "doc", content: lines.map((line) => (line!.length > 0 ? { type: "paragraph", content: inlineOf(line!) } : { type: "paragraph" })) };
}

/** The editor's document as the field's text: paragraphs joined by line breaks. */
export function docToText(doc: Doc, options: ChipOptions = {}): string {
  return doc.content
    .map((paragraph) =>
      (paragraph.content ?? [])
        .map((inline) => (inline.type === "text" ? inline.text : inline.type === "hardBreak" ? "\n" : chipLiquid(attrsChip(inline.attrs), options.moneyFilter)))
        .join(""),
    )
    .join("\n");
}

const chipMarker = "data-chip";

/**
 * An email's HTML as the editor's document: paragraphs with bold, italic, links, line breaks and chips; null when the HTML
 * holds anything else, or would not be written back exactly as it is (the field then stays in code view).
 */
export function htmlToDoc(html: string, options: ChipOptions = {}): Doc | null {
  const segments = parseChips(html, options.dateFormats, options.moneyFilter);
  if (segments === null) {
    return null;
  }
  const chips: Chip[] = [];
  const marked = segments.map((s) => (typeof s === "string" ? s : `<span ${chipMarker}="${chips.push(s) - 1}"></span>`)).join("");
  const body = new DOMParser().parseFromString(`<!doctype html><body>${marked}</body>`, "text/html").body;
  const content: Paragraph[] = [];
  for (const node of Array.from(body.childNodes)) {
    if (!(node instanceof HTMLElement) || node.tagName !== "P" || node.attributes.length > 0) {
      return null;
    }
    const inline = inlineOfHtml(node, [], chips);
    if (inline === null) {
      return null;
    }
    content.push(inline.length > 0 ? { type: "paragraph", content: inline } : { type: "paragraph" });
  }
  const doc: Doc = { type: "doc", content: content.length > 0 ? content : [{ type: "paragraph" }] };
  return docToHtml(doc, options) === html ? doc : null;
}

function inlineOfHtml(element: HTMLElement, marks: Mark[], chips: Chip[]): Inline[] | null {
  const out: Inline[] = [];
  for (const node of Array.from(element.childNodes)) {
    const withMarks = marks.length > 0 ? { marks } : {};
    if (node.nodeType === 3) {
      out.push({ type: "text", text: node.textContent ?? "", ...withMarks });
      continue;
    }
    if (!(node instanceof HTMLElement)) {
      return null;
    }
    const tag = node.tagName;
    if (tag === "SPAN" && node.hasAttribute(chipMarker)) {
      out.push({ type: "variable", attrs: chipAttrs(chips[Number(node.getAttribute(chipMarker))]!), ...withMarks });
    } else if (tag === "BR") {
      out.push({ type: "hardBreak", ...withMarks });
    } else if (tag === "STRONG" || tag === "EM" || (tag === "A" && node.getAttribute("href") !== null)) {
      const mark: Mark = tag === "STRONG" ? { type: "bold" } : tag === "EM" ? { type: "italic" } : { type: "link", attrs: { href: node.getAttribute("href")! } };
      const inner = inlineOfHtml(node, [...marks, mark], chips);
      if (inner === null) {
        return null;
      }
      out.push(...inner);
    } else {
      return null;
    }
  }
  return out;
}

const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const markOrder: Mark["type"][] = ["link", "bold", "italic"];
const open = (mark: Mark) => (mark.type === "bold" ? "<strong>" : mark.type === "italic" ? "<em>" : `<a href="${mark.attrs!.href.replaceAll('"', "&quot;")}">`);
const close = (mark: Mark) => (mark.type === "bold" ? "</strong>" : mark.type === "italic" ? "</em>" : "</a>");
const sameMark = (a: Mark, b: Mark) => a.type === b.type && a.attrs?.href === b.attrs?.href;

/** The editor's document as an email's HTML: `<p>` paragraphs, `<strong>`, `<em>`, `<a href>`, `<br>`, chips as Liquid. */
export function docToHtml(doc: Doc, options: ChipOptions = {}): string {
  return doc.content
    .map((paragraph) => {
      let html = "";
      let openMarks: Mark[] = [];
      for (const inline of paragraph.content ?? []) {
        const marks = [...(inline.marks ?? [])].sort((a, b) => markOrder.indexOf(a.type) - markOrder.indexOf(b.type));
        let keep = 0;
        while (keep < openMarks.length && keep < marks.length && sameMark(openMarks[keep]!, marks[keep]!)) {
          keep++;
        }
        html += openMarks.slice(keep).reverse().map(close).join("") + marks.slice(keep).map(open).join("");
        openMarks = marks;
        html += inline.type === "text" ? escapeHtml(inline.text) : inline.type === "hardBreak" ? "<br>" : chipLiquid(attrsChip(inline.attrs), options.moneyFilter);
      }
      html += [...openMarks].reverse().map(close).join("");
      return `<p>${html}</p>`;
    })
    .join("");
}

/** The chips' paths in a document. */
export function docPaths(doc: Doc): string[] {
  return doc.content.flatMap((p) => (p.content ?? []).flatMap((i) => (i.type === "variable" ? [i.attrs.path] : [])));
}
