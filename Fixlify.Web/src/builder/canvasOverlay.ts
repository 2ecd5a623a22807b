import { createContext, useContext } from "react";
import type { DryRunStep } from "./builderApi";
import type { PlacedProblem } from "./problems";
import type { CatalogWords } from "./words/catalogWords";

/** One node's counts for the chosen period: passed (completed), failed, skipped or not sent, at it now. */
export type NodeCounts = { passed: number; failed: number; skipped: number; waiting: number };

/**
 * What the canvas shows on top of the definition (never saved with it): problems, the dry run's result, a run followed
 * live, the counts; and what every node needs to draw itself (its kind's handles, the organization's time zone).
 */
export type CanvasOverlay = {
  problems: Map<string, PlacedProblem[]>;
  dryRun: Map<string, DryRunStep[]>;
  live: Map<string, string>;
  counts: Map<string, NodeCounts> | null;
  handles: Map<string, (string | null)[]>;
  knownKinds: Set<string>;
  timeZone: string;
  triggerType: string;
  /** The catalog's words for fields, values and steps (summaries on the nodes). */
  words: CatalogWords | null;
  /** What starts the automation, in words with its settings ("When an invoice is 7 days overdue"): the trigger node's summary. */
  triggerSentence: string;
  /** A version compared with another: each step added or changed, with the changed settings in words. */
  changes?: Map<string, StepChange>;
};

/** How a step differs from the version it is compared with (the API's words: "Wait: 3 days → 2 days"). */
export type StepChange = { change: "added" | "removed" | "changed"; fields: string[] };

export const CanvasOverlayContext = createContext<CanvasOverlay>({
  problems: new Map(),
  dryRun: new Map(),
  live: new Map(),
  counts: null,
  handles: new Map(),
  knownKinds: new Set(),
  timeZone: "UTC",
  triggerType: "manual",
  words: null,
  triggerSentence: "",
});

export const useCanvasOverlay = () => useContext(CanvasOverlayContext);

/** The node a step key names: `remind` → remind, `each[2].remind` → remind. */
export function nodeOfStepKey(stepKey: string): string {
  const dot = stepKey.lastIndexOf(".");
  return dot >= 0 ? stepKey.slice(dot + 1) : stepKey;
}
