import { goalSentence, holdOutSentence } from "./plain/goal";
import { ruleGroupWords } from "./plain/ruleSentence";
import { usePlainFields } from "./fields/PlainFieldsContext";

/** Above the trigger's settings: the goal and the hold-out group in words ("Goal: the invoice is paid within 14 days."). */
export function GoalSentence({ triggerConfig }: { triggerConfig: Record<string, unknown> }) {
  const { menu, operators } = usePlainFields();
  const goal = goalSentence(triggerConfig, (rule) => ruleGroupWords(rule, menu, operators));
  const holdOut = holdOutSentence(triggerConfig);
  return (
    <section aria-label="Goal" className="goal-sentence">
      <p>{goal ?? "No goal yet: choose one below (“Goal”) to see what this automation achieves."}</p>
      {holdOut && <p className="muted">{holdOut}</p>}
    </section>
  );
}
