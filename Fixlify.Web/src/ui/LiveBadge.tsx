import { useStreamState } from "../executions/liveUpdates";

/** Whether the screen is receiving changes as they happen, in words (announced politely when it changes). */
export function LiveBadge() {
  const state = useStreamState();
  const text = state === "live" ? "Live" : state === "reconnecting" ? "Reconnecting…" : "Connecting…";
  return (
    <span className={`live live-${state}`} role="status" aria-live="polite">
      <span aria-hidden="true" className="live-dot" />
      {text}
    </span>
  );
}
