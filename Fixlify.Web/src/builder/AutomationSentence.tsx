import { useMemo } from "react";
import type { Draft } from "./draft";
import type { CatalogWords } from "./words/catalogWords";
import { automationSentence } from "./words/summary";

/** Above the canvas: the whole automation in one sentence, as it is now. */
export function AutomationSentence({ words, draft }: { words: CatalogWords | null; draft: Draft }) {
  const sentence = useMemo(
    () => automationSentence(words, draft.triggerType, draft.triggerConfig, draft.nodes, draft.edges),
    [words, draft.triggerType, draft.triggerConfig, draft.nodes, draft.edges],
  );
  return (
    <p className="automation-sentence">{sentence}</p>
  );
}
