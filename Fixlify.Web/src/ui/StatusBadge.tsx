import type { ExecutionStatus } from "../api/types";
import { statusLabels } from "./labels";

const marks: Record<ExecutionStatus, string> = {
  pending: "○",
  processing: "◐",
  waiting: "◷",
  completed: "✓",
  failed: "✕",
  cancelled: "■",
  held_out: "◌",
  paused: "⏸",
};

/** An execution's status: a word and a mark, so colour is never the only sign. */
export function StatusBadge({ status }: { status: ExecutionStatus }) {
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{marks[status]} </span>
      {statusLabels[status]}
    </span>
  );
}
