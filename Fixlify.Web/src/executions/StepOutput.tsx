import { formatDuration, formatInstant } from "../ui/format";

const names: Record<string, string> = {
  to: "To",
  cc: "Cc",
  subject: "Subject",
  text: "Text",
  channel: "Sent by",
  statusCode: "Answer",
  durationMs: "Took",
  messageId: "Message id",
  webhookId: "Webhook id",
  until: "Until",
  reason: "Why",
  inDoubt: "Sent, not confirmed",
  branch: "Went",
  result: "Result",
  taskId: "Task",
  title: "Title",
  dueAt: "Due",
  assigneeId: "Assigned to",
  fields: "Changed",
  technicianId: "Technician",
};

/** What a step reported (the API masks recipients: a•••@example.com, +1555•••1234), as labelled lines. */
export function StepOutput({ output, timeZone }: { output: unknown; timeZone: string }) {
  if (typeof output !== "object" || output === null || Array.isArray(output)) {
    return null;
  }
  const entries = Object.entries(output as Record<string, unknown>).filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (entries.length === 0) {
    return null;
  }
  return (
    <dl className="output">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{names[key] ?? key}</dt>
          <dd>{show(key, value, timeZone)}</dd>
        </div>
      ))}
    </dl>
  );
}

function show(key: string, value: unknown, timeZone: string): string {
  if (key === "until" && typeof value === "string") {
    return formatInstant(value, timeZone);
  }
  if (key === "durationMs" && typeof value === "number") {
    return formatDuration(value);
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    return formatInstant(value, timeZone);
  }
  if (typeof value === "boolean") {
    return value ? "yes" : "no";
  }
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === "object" && v !== null ? summarize(v) : String(v))).join(", ");
  }
  if (typeof value === "object" && value !== null) {
    return summarize(value);
  }
  return String(value);
}

function summarize(value: object): string {
  return Object.entries(value)
    .filter(([, v]) => typeof v !== "object" || v === null)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join("; ");
}
