import type { StepData } from "./graph";
import { stepLabel, triggerLabel } from "../ui/labels";
import type { CatalogWords } from "./words/catalogWords";
import { durationWords } from "./words/plainWords";
import { stepSummary } from "./words/summary";

const handleWords: Record<string, string> = { true: "Yes", false: "No", body: "Each", done: "After" };

export function handleLabel(handle: string | null): string {
  return handle === null ? "Next" : (handleWords[handle] ?? handle);
}

/** What a node is, in words: "Text message", "Wait", "Check", or the trigger's event. */
export function kindLabel(type: string | undefined, data: StepData, triggerType: string): string {
  if (type === "trigger") {
    return `When: ${triggerLabel(triggerType)}`;
  }
  if (type === "action") {
    return data.actionType ? stepLabel(data.actionType) : "Action";
  }
  return stepLabel(type ?? "step");
}

/** The node's accessible name and heading: its label, or what it is ("Email: Thanks for choosing us"). */
export function nodeTitle(type: string | undefined, data: StepData, triggerType: string): string {
  const kind = kindLabel(type, data, triggerType);
  return data.label ? `${kind}: ${data.label}` : kind;
}

/** One line on what the step does with its settings, in words ("3 days", "If Invoice › Status is Sent"). */
export function nodeSummary(type: string | undefined, data: StepData, words: CatalogWords | null = null): string {
  return stepSummary(words, type, data);
}

/** `PT2H30M` → "2 hours 30 minutes", `P3D` → "3 days". */
export function humanDuration(iso: string): string {
  return durationWords(iso);
}
