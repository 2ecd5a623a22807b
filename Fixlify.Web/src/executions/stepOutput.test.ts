import { describe, expect, it } from "vitest";
import { describeOutput, readable, sentence } from "./stepOutput";
import { startedBy } from "./startedBy";

const zone = "America/New_York";
const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const rawKey = /\b(intent|timeoutAt|receivedAt|messageId|confirmed_at|statusCode|durationMs|branch)\b/;

function text(type: string, output: unknown): string {
  return describeOutput(type, output, zone)
    .map((l) => `${l.label}: ${l.value}`)
    .join("\n");
}

describe("describeOutput", () => {
  it("reads a reply and what it meant in words, with no key or ISO instant", () => {
    const shown = text("wait_for_reply", { reply: "C", intent: "confirm", receivedAt: "2026-12-07T17:43:01.6182596Z", timeoutAt: "2026-12-08T17:40:00Z" });
    expect(shown).toContain("Client replied: C — confirmed");
    expect(shown).toContain("Received: Dec 7, 2026, 12:43:01 EST");
    expect(shown).not.toMatch(iso);
    expect(shown).not.toMatch(rawKey);
  });

  it("says when no reply came, at the organization's time", () => {
    expect(text("wait_for_reply", { reply: null, intent: "none", receivedAt: null, timeoutAt: "2026-12-08T17:40:00Z" })).toBe(
      "Client replied: No reply by Dec 8, 2026, 12:40:00 EST",
    );
  });

  it("names the fields a step changed and writes their instants in the zone", () => {
    const shown = text("update_record", { record: "job", id: "0b6c…", changed: { confirmed_at: "2026-12-07T17:43:01.6182596Z", status: "in_progress" } });
    expect(shown).toBe("Changed: Job: Confirmed at: Dec 7, 2026, 12:43:01 EST; Status: in progress");
  });

  it("shows a text as sent, the number masked as the API gave it, and no provider id", () => {
    const lines = describeOutput("send_sms", { messageId: "40385f64-5717-4562", to: "+1555•••1234", text: "Reply C to confirm", channel: "sms" }, zone);
    expect(lines).toEqual([
      { label: "To", value: "+1555•••1234" },
      { label: "Text", value: "Reply C to confirm", block: true },
    ]);
  });

  it("shows an email's subject and text, and says when the organization keeps no texts", () => {
    // In jsonb's order (shorter keys first), shown in the office's: recipient, subject, text.
    expect(text("send_email", { to: ["a•••@example.com"], text: "See you at 9", subject: "Your visit", messageId: "<x@y>" })).toBe(
      "To: a•••@example.com\nSubject: Your visit\nEmail text: See you at 9",
    );
    expect(text("send_sms", { to: "+1555•••1234", textHidden: true })).toContain("Not kept: your organization keeps no message texts");
  });

  it("reads a check's result as which path ran, not true/false", () => {
    expect(text("condition", { result: true, branch: "true" })).toBe("Result: Yes — the check held, so its “yes” path ran");
  });

  it("writes the field names in an engine's label in words", () => {
    expect(readable("job updated: confirmed_at, technician_id")).toBe("job updated: confirmed at, technician id");
  });

  it("says why a step is held while its provider does not answer, without the provider's key or the instant", () => {
    const held = {
      heldBecause: "Held: the email server is not answering since 08:02. It goes out when the email server answers again.",
      heldSince: "2026-12-08T13:02:00Z",
      provider: "smtp",
    };
    expect(text("send_email", held)).toBe("Why it waits: Held: the email server is not answering since 08:02. It goes out when the email server answers again.");
  });

  it("labels unknown keys in words", () => {
    expect(sentence("currentTechnicianId")).toBe("Current technician id");
    expect(text("api_call", { statusCode: 200, durationMs: 120, body: { a: 1 } })).toBe("Answer: Accepted (200)\nTook: 120 ms");
  });
});

describe("startedBy", () => {
  it("names the person who ran it by hand, or the office", () => {
    expect(startedBy("job_created", { manual: true, requestedBy: "developer", requestedByName: "Dana Reyes" })).toBe("Dana Reyes, by hand");
    expect(startedBy("job_created", { manual: true, requestedBy: "developer" })).toBe("Someone at the office, by hand");
    expect(startedBy("job_created", { entityType: "job" })).toBe("Job created");
  });
});
