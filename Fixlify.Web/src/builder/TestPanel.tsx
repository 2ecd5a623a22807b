import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import { humanName } from "./words/plainWords";
import { ErrorBanner } from "../ui/ErrorBanner";
import type { RecordSummary } from "./builderApi";

const typeWords: Record<RecordSummary["type"], string> = { job: "Job", invoice: "Invoice", client: "Client", estimate: "Estimate", technician: "Technician" };

/**
 * Picks the real record to try the workflow on (`GET /api/records`, searched as one types), then dry-runs the draft on it
 * or runs the saved workflow now.
 */
export function TestPanel({
  types,
  picked,
  onPick,
  onTry,
  trying,
  onRun,
  runBlocked,
  running,
}: {
  types: RecordSummary["type"][];
  picked: RecordSummary | null;
  onPick: (record: RecordSummary | null) => void;
  onTry: () => void;
  trying: boolean;
  onRun: () => void;
  runBlocked: string | null;
  running: boolean;
}) {
  const [type, setType] = useState<RecordSummary["type"]>(types[0] ?? "job");
  const [search, setSearch] = useState("");
  const records = useQuery({
    queryKey: keys.records(type, search),
    enabled: types.length > 0,
    queryFn: ({ signal }) => call(api.GET("/api/records", { params: { query: { type, q: search.trim() || undefined, limit: 8 } }, signal })),
    placeholderData: (previous) => previous,
  });
  if (types.length === 0) {
    return <p className="muted">This trigger names no record: try it as it is.</p>;
  }
  return (
    <section className="test-panel stack" aria-label="Try it on a record">
      <h2>Try it on a real record</h2>
      <div className="row">
        {types.length > 1 && (
          <label>
            Try it on
            <select value={type} onChange={(event) => setType(event.target.value as RecordSummary["type"])}>
              {types.map((t) => (
                <option key={t} value={t}>
                  {typeWords[t]}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="grow">
          Find {/^[aeiou]/i.test(typeWords[type]) ? "an" : "a"} {typeWords[type].toLowerCase()}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="name, title, number or email" />
        </label>
      </div>
      {records.isError && <ErrorBanner error={records.error} onRetry={() => void records.refetch()} />}
      <fieldset className="record-list">
        <legend>{typeWords[type]}s, newest first</legend>
        {records.data?.items.length === 0 && <p className="muted">None found.</p>}
        {records.data?.items.map((record) => (
          <label key={record.id} className="record-choice">
            <input type="radio" name="record" checked={picked?.id === record.id} onChange={() => onPick(record)} />
            <span>
              {record.label}
              {record.detail && <span className="muted"> · {record.detail.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, humanName)}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="row">
        <button type="button" className="button button-primary" disabled={!picked || trying} onClick={onTry}>
          {trying ? "Trying…" : "Dry run"}
        </button>
        <button type="button" className="button" disabled={!picked || running || runBlocked !== null} onClick={onRun}>
          {running ? "Starting…" : "Run now"}
        </button>
      </div>
      {runBlocked && picked && <p className="muted">{runBlocked}</p>}
    </section>
  );
}
