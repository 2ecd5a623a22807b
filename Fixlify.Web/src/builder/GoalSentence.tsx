import { goalSentence, holdOutSentence } from "./plain/goal";

/** Above the trigger's settings: the goal and the hold-out group in words ("Goal: the invoice is paid within 14 days."). */
export function GoalSentence({ triggerConfig }: { triggerConfig: Record<string, unknown> }) {
  const goal = goalSentence(triggerConfig);
  const holdOut = holdOutSentence(triggerConfig);
  return (
    <section aria-label="Goal" className="goal-sentence">
      <p>{goal ?? "No goal yet: choose one below (“Goal”) to see what this automation achieves."}</p>
      {holdOut && <p className="muted">{holdOut}</p>}
    </section>
  );
}
