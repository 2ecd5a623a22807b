import { useEffect, useId, useRef } from "react";

/** What differs between the person's draft and what someone else saved, in words. */
export type Difference = string;

/**
 * The save was refused because someone saved the workflow meanwhile (412): what differs, and the two ways on — load
 * theirs (my edits are dropped) or save mine over theirs.
 */
export function ConflictDialog({
  open,
  version,
  differences,
  busy,
  onReload,
  onOverwrite,
  onClose,
}: {
  open: boolean;
  version: number | null;
  differences: Difference[];
  busy: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && open && !element.open) {
      element.showModal();
    } else if (element && !open && element.open) {
      element.close();
    }
  }, [open]);
  return (
    <dialog ref={dialog} aria-labelledby={titleId} className="dialog" onCancel={onClose}>
      <h2 id={titleId}>Someone saved this automation meanwhile</h2>
      <p>
        It is now at version {version ?? "?"}. {differences.length === 0 ? "Their version and yours define the same steps." : "Yours differs from theirs:"}
      </p>
      {differences.length > 0 && (
        <ul aria-label="What differs">
          {differences.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Keep editing
        </button>
        <button type="button" className="button" onClick={onReload} disabled={busy}>
          Load their version (drop my changes)
        </button>
        <button type="button" className="button button-danger" onClick={onOverwrite} disabled={busy}>
          Save mine over theirs
        </button>
      </div>
    </dialog>
  );
}
