// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import messages from "./templateMessages.json";
import { docToHtml, docToText, htmlToDoc, textToDoc } from "./messageDoc";

/** The message fields of the catalog's templates (GET /api/templates), as the chip editor opens them. */
describe("the catalog templates' message fields", () => {
  it.each(messages.map((m) => [`${m.template} · ${m.action}.${m.field}`, m] as const))("%s opens as chips and is written back unchanged", (_, message) => {
    const html = message.field === "html";
    const doc = html ? htmlToDoc(message.text) : textToDoc(message.text);
    if (message.text.includes("{% for")) {
      // The weekly schedule lists the technician's jobs with a loop: that one field stays in code view, unchanged.
      expect(doc).toBeNull();
      return;
    }
    expect(doc).not.toBeNull();
    expect(html ? docToHtml(doc!) : docToText(doc!)).toBe(message.text);
  });
});
