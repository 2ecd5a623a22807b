import { useEffect, useId, useRef, useState } from "react";
import type { ActivationPreview, ExistingRecords } from "../api/types";

/**
 * The question before an automation is switched on while records already qualify for its trigger: "12 invoices are
 * already overdue. Start for them now too, or only from now on?" — a few of them named, "only from now on" chosen
 * unless the person picks "also these 12 now".
 */
export function ActivationDialog({
  name,
  preview,
  onChoose,
  onCancel,
}: {
  name: string;
  preview: ActivationPreview | null;
  onChoose: (existingRecords: ExistingRecords) => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [choice, setChoice] = useState<ExistingRecords>("skip");
  const open = preview !== null;
  useEffect(() => {
    const element = dialog.current;
    if (!element) {
      return;
    }
    if (open && !element.open) {
      setChoice("skip");
      element.showModal();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);
  const count = preview?.existing ?? 0;
  const more = count - (preview?.samples.length ?? 0);
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onCancel={onCancel} className="dialog">
      <h2 id={titleId}>Switch on “{name}”?</h2>
      {preview && (
        <>
          <p>
            {preview.summary} Start for {count === 1 ? "it" : "them"} now too, or only from now on?
          </p>
          <ul aria-label="Already qualifying">
            {preview.samples.map((sample) => (
              <li key={sample}>{sample}</li>
            ))}
            {more > 0 && <li className="muted">and {more} more</li>}
          </ul>
          <fieldset className="dialog-choices">
            <legend>What already qualifies</legend>
            <label className="dialog-choice">
              <input type="radio" name="existing-records" checked={choice === "skip"} onChange={() => setChoice("skip")} autoFocus />
              <span>
                <strong>Only from now on</strong> <span className="muted">— nothing is sent for {count === 1 ? "this one" : `these ${count}`}</span>
              </span>
            </label>
            <label className="dialog-choice">
              <input type="radio" name="existing-records" checked={choice === "include"} onChange={() => setChoice("include")} />
              <span>
                <strong>Also {count === 1 ? "this one" : `these ${count}`} now</strong>{" "}
                <span className="muted">— {count === 1 ? "it starts" : "they start"} within a minute</span>
              </span>
            </label>
          </fieldset>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Keep it off
        </button>
        <button type="button" className="button button-primary" onClick={() => onChoose(choice)}>
          Switch on
        </button>
      </div>
    </dialog>
  );
}
