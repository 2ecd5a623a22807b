// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import messages from "./templateMessages.json";
import { docToHtml, docToText, htmlToDoc, textToDoc } from "./messageDoc";

/** The message fields of the catalog's templates (GET /api/templates), as the chip editor opens them. */
describe("the catalog templates' message fields", () => {
  it.each(messages.map((m) => [`${m.template} · ${m.action}.${m.field}`, m] as const))("%s opens as chips and is written back unchanged, or stays code", (_, message) => {
    const html = message.field === "html";
    const doc = html ? htmlToDoc(message.text) : textToDoc(message.text);
    if (doc !== null) {
      expect(html ? docToHtml(doc) : docToText(doc)).toBe(message.text);
    } else {
      expect(message.text).toMatch(/\{%|\|\s*(?!currency\b|date:|default:)\w+|<(?!\/?(p|br|strong|em|a)\b)/);
    }
  });
});
