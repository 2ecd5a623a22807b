import type { AuditEntry } from "../api/types";
import { formatWhen } from "../ui/format";

/** Changes as sentences, newest first, each with when it was made (in the organization's zone). */
export function AuditList({ entries, timeZone, label }: { entries: AuditEntry[]; timeZone: string; label: string }) {
  return (
    <ol className="audit" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.id}>
          <span>{entry.sentence}</span> <time dateTime={entry.at} className="muted">{formatWhen(entry.at, timeZone)}</time>
        </li>
      ))}
    </ol>
  );
}
