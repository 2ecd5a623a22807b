// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { docToHtml, docToText, htmlToDoc, textToDoc } from "./messageDoc";

describe("message fields in the chip editor", () => {
  it.each([
    "Hi {{ client.first_name }},\n\nYour invoice {{ invoice.number }} for {{ invoice.total | currency }} is due.\n\nThanks,\n{{ organization.name }}",
    "Reply C to confirm, R to reschedule.",
    "\n\ntwo empty lines first  and  double spaces",
    "",
  ])("round-trip the text %j through the editor's document unchanged", (text) => {
    const doc = textToDoc(text);
    expect(doc).not.toBeNull();
    expect(docToText(doc!)).toBe(text);
  });

  it("put chips in the document as variables", () => {
    expect(textToDoc("Hi {{ client.first_name }}")).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hi " },
            { type: "variable", attrs: { path: "client.first_name", format: "", fallback: null, raw: "{{ client.first_name }}" } },
          ],
        },
      ],
    });
  });

  it.each([
    "<p>Hi {{ client.first_name }},</p><p>Thank you for choosing {{ organization.name }} for <strong>{{ job.title }}</strong>.</p><p>Thank you,<br>{{ organization.name }}</p>",
    '<p>Leave us a review: <a href="https://example.com/review">here</a>, <em>thank you</em> &amp; see you.</p>',
    "<p><strong>Bold <em>and italic</em></strong> text</p>",
  ])("round-trip the HTML %j through the editor's document unchanged", (html) => {
    const doc = htmlToDoc(html);
    expect(doc).not.toBeNull();
    expect(docToHtml(doc!)).toBe(html);
  });

  it.each([
    "<p>Hi{% if technician %} {{ technician.first_name }}{% endif %}</p>",
    "<div>Hi</div>",
    '<p style="color: red">Hi</p>',
    "<p>Hi&nbsp;there</p>",
    "<p><b>old bold</b></p>",
    "Hi <p>loose text</p>",
    '<p><a href="{{ review_url }}">Review</a></p>',
    "<p>Hi <table></table></p>",
  ])("report the HTML %j as code only", (html) => {
    expect(htmlToDoc(html)).toBeNull();
  });

  it("report text outside the grammar as code only", () => {
    expect(textToDoc("{% assign zone = client.time_zone %}Hi")).toBeNull();
    expect(textToDoc("Total {{ invoice.total | format_number: \"0.00\" }}")).toBeNull();
  });
});
