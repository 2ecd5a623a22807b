import { describe, expect, it } from "vitest";
import { chipLiquid, chipsToText, defaultFormat, parseChips } from "./chips";

describe("the chip grammar", () => {
  it.each([
    "Hi {{ client.first_name }}, your invoice {{ invoice.number }} is due.",
    "Total: {{ invoice.total | currency }}",
    'See you {{ job.scheduled_start | date: "%A, %B %-d at %-I:%M %p" }}.',
    'Your technician is {{ technician.first_name | default: "your technician" }}.',
    'Due {{ invoice.due_date | date: "%B %-d, %Y" | default: "soon" }}',
    "{{client.first_name}} and {{   job.title   }}",
    "{{ steps.reply.intent }}",
    "No chips at all.",
    "",
  ])("reads %j as text and chips and writes it back unchanged", (text) => {
    const segments = parseChips(text);
    expect(segments).not.toBeNull();
    expect(chipsToText(segments!)).toBe(text);
  });

  it("reads each chip's path, format and fallback", () => {
    expect(parseChips('Hi {{ client.first_name | default: "there" }}, {{ invoice.total | currency }} {{ job.scheduled_start | date: "%-I:%M %p" }}')).toEqual([
      "Hi ",
      { path: "client.first_name", format: null, fallback: "there", raw: '{{ client.first_name | default: "there" }}' },
      ", ",
      { path: "invoice.total", format: { kind: "money" }, fallback: null, raw: "{{ invoice.total | currency }}" },
      " ",
      { path: "job.scheduled_start", format: { kind: "date", format: "%-I:%M %p" }, fallback: null, raw: '{{ job.scheduled_start | date: "%-I:%M %p" }}' },
    ]);
  });

  it.each([
    "{% if technician %}with {{ technician.first_name }}{% endif %}",
    "{% assign zone = client.time_zone %}{{ job.scheduled_start | time_zone: zone }}",
    "{{ invoice.total | format_number: \"0.00\" }}",
    '{{ invoice.total | default: "0" | currency }}',
    '{{ job.scheduled_start | date: "%Y" }}',
    "{{ client.first_name | upcase }}",
    "{{- client.first_name -}}",
    "{{ 'text' }}",
    "Hi {{ client.first_name",
  ])("reports %j as code only", (text) => {
    expect(parseChips(text)).toBeNull();
  });

  it("writes a new chip in the canonical form, formatted by its kind", () => {
    expect(chipLiquid({ path: "invoice.total", format: defaultFormat("money"), fallback: null })).toBe("{{ invoice.total | currency }}");
    expect(chipLiquid({ path: "job.scheduled_start", format: defaultFormat("datetime"), fallback: null })).toBe(
      '{{ job.scheduled_start | date: "%A, %B %-d at %-I:%M %p" }}',
    );
    expect(chipLiquid({ path: "invoice.due_date", format: defaultFormat("date"), fallback: null })).toBe('{{ invoice.due_date | date: "%B %-d, %Y" }}');
    expect(chipLiquid({ path: "technician.first_name", format: null, fallback: "your technician" })).toBe(
      '{{ technician.first_name | default: "your technician" }}',
    );
    const written = chipLiquid({ path: "invoice.total", format: { kind: "money" }, fallback: "0" });
    expect(parseChips(written)).toEqual([{ path: "invoice.total", format: { kind: "money" }, fallback: "0", raw: written }]);
  });
});
