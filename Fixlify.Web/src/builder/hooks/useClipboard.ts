import { useCallback, useState } from "react";
import type { Draft } from "../draft";
import { copySteps, pasteSteps, recall, remember } from "../clipboard";
import type { DraftChange } from "./useDraftHistory";

/**
 * Copy and paste of steps: the selected steps go to the system clipboard (and this browser's storage); pasting steps
 * of another organization leaves out its ids, header values and secrets. `notice` says what was done.
 */
export function useClipboard(draft: Draft, organizationId: string, readOnly: boolean, commit: (change: DraftChange) => void) {
  const [notice, setNotice] = useState<string | null>(null);
  const copy = useCallback(() => {
    const copied = copySteps(draft.nodes, draft.edges, organizationId);
    if (!copied) {
      return false;
    }
    const text = remember(copied);
    void navigator.clipboard?.writeText(text).catch(() => undefined);
    setNotice(`Copied ${copied.nodes.length} step${copied.nodes.length === 1 ? "" : "s"}.`);
    return true;
  }, [draft, organizationId]);
  const paste = useCallback(
    (text?: string | null) => {
      const copied = recall(text);
      if (!copied || readOnly) {
        return;
      }
      commit((d) => {
        const pasted = pasteSteps(copied, d.nodes.map((n) => n.id), organizationId);
        const count = `${pasted.nodes.length} step${pasted.nodes.length === 1 ? "" : "s"}`;
        setNotice(pasted.cleaned ? `Pasted ${count} from another organization: its ids, header values and secrets were left out.` : `Pasted ${count}.`);
        return { ...d, nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), ...pasted.nodes], edges: [...d.edges, ...pasted.edges] };
      });
    },
    [commit, organizationId, readOnly],
  );
  return { copy, paste, notice };
}
