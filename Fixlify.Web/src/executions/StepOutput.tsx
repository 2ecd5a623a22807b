import { describeOutput } from "./stepOutput";

/**
 * What a step reported, as labelled lines in the office's words (the API masks recipients: a•••@example.com,
 * +1555•••1234): a message's text as it was sent, kept as written.
 */
export function StepOutput({ type, output, timeZone }: { type: string; output: unknown; timeZone: string }) {
  const lines = describeOutput(type, output, timeZone);
  if (lines.length === 0) {
    return null;
  }
  return (
    <dl className="output">
      {lines.map((line, i) => (
        <div key={`${line.label}-${i}`}>
          <dt>{line.label}</dt>
          <dd className={line.block ? "output-text" : undefined}>{line.value}</dd>
        </div>
      ))}
    </dl>
  );
}
