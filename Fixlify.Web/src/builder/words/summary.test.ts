import { describe, expect, it } from "vitest";
import type { Edge } from "@xyflow/react";
import type { StepNode } from "../graph";
import { automationSentence, stepSummary } from "./summary";
import { durationWords, fieldWords, plainTemplate, ruleWords } from "./plainWords";
import { maskPhone } from "./recipients";

const node = (id: string, type: string, data: StepNode["data"] = {}): StepNode => ({ id, type, position: { x: 0, y: 0 }, data });
const edge = (source: string, target: string, sourceHandle: string | null = null): Edge => ({ id: `${source}-${target}`, source, target, sourceHandle });

describe("automationSentence", () => {
  it("says the overdue invoice flow in one sentence, in words", () => {
    const nodes = [
      node("trigger", "trigger"),
      node("email", "action", { actionType: "send_email", config: {} }),
      node("wait", "delay", { config: { duration: "P3D" } }),
      node("check", "condition", { config: { all: [{ field: "invoice.status", op: "eq", value: "sent" }] } }),
      node("sms", "action", { actionType: "send_sms", config: {} }),
    ];
    const edges = [edge("trigger", "email"), edge("email", "wait"), edge("wait", "check"), edge("check", "sms", "true")];
    expect(automationSentence(null, "invoice_overdue", { daysOverdue: 7 }, nodes, edges)).toBe(
      "When an invoice is 7 days overdue: email the client, wait 3 days, then if Invoice › Status is Sent, text the client.",
    );
  });

  it("says what happens otherwise, and a wait before the job's start", () => {
    const nodes = [
      node("trigger", "trigger"),
      node("wait", "delay", { config: { until: "job.scheduled_start", offset: "-PT24H" } }),
      node("check", "condition", { config: { any: [{ field: "client.email", op: "exists" }] } }),
      node("email", "action", { actionType: "send_email" }),
      node("sms", "action", { actionType: "send_sms" }),
    ];
    const edges = [edge("trigger", "wait"), edge("wait", "check"), edge("check", "email", "true"), edge("check", "sms", "false")];
    expect(automationSentence(null, "job_created", {}, nodes, edges)).toBe(
      "When a job is created: wait until 24 hours before Job › Scheduled start, then if Client › Email is filled in, email the client; otherwise text the client.",
    );
  });

  it("ends a long flow with how many more steps there are", () => {
    const nodes = [node("trigger", "trigger"), ...Array.from({ length: 20 }, (_, i) => node(`w${i}`, "delay", { config: { duration: "PT1H" } }))];
    const edges = [edge("trigger", "w0"), ...Array.from({ length: 19 }, (_, i) => edge(`w${i}`, `w${i + 1}`))];
    expect(automationSentence(null, "manual", {}, nodes, edges)).toMatch(/wait 1 hour, and 8 more steps\.$/);
  });
});

describe("plain words", () => {
  it("has no code words in a node's summary", () => {
    expect(stepSummary(null, "delay", { config: { duration: "PT2H30M" } })).toBe("2 hours 30 minutes");
    expect(stepSummary(null, "action", { actionType: "send_sms", config: { message: "Hi {{ client.first_name }}, {% if x %}yes{% endif %}" } })).toBe(
      "Hi [Client › First name], yes",
    );
    expect(ruleWords(null, { field: "job.status", op: "ne", value: "in_progress" })).toBe("Job › Status is not In progress");
    expect(durationWords("P1D")).toBe("1 day");
    expect(plainTemplate(null, "{{ invoice.total | currency }}")).toBe("[Invoice › Total]");
  });

  it("names a problem's field in words", () => {
    expect(fieldWords("config.subject")).toBe("Subject");
    expect(fieldWords("config.all[0].field")).toBe("Rule 1 › Field");
    expect(fieldWords("triggerConfig.daysOverdue")).toBe("Days overdue");
  });

  it("masks a phone number as the API does", () => {
    expect(maskPhone("+15550101234")).toBe("+1555•••1234");
  });
});
