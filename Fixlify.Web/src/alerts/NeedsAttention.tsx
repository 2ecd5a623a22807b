import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys, useAttention, useTimeZone } from "../api/queries";
import { ErrorBanner } from "../ui/ErrorBanner";
import { formatWhen, plural } from "../ui/format";

type Decision =
  | { kind: "resend" | "dismiss"; id: string }
  | { kind: "seen"; workflowId: string }
  | { kind: "mute"; workflowId: string; minutes: number };

/** The dashboard's "Needs attention": automations failing, providers not answering, messages in doubt — with what to do. */
export function NeedsAttention() {
  const attention = useAttention();
  const timeZone = useTimeZone();
  const client = useQueryClient();
  const [done, setDone] = useState<string | null>(null);

  const decide = useMutation({
    mutationFn: async (decision: Decision) => {
      switch (decision.kind) {
        case "resend":
          return (await call(api.POST("/api/attention/in-doubt/{id}/resend", { params: { path: { id: decision.id } } }))).summary;
        case "dismiss":
          return (await call(api.POST("/api/attention/in-doubt/{id}/dismiss", { params: { path: { id: decision.id } } }))).summary;
        case "seen":
          await call(api.POST("/api/attention/workflows/{id}/dismiss", { params: { path: { id: decision.workflowId } } }));
          return "Marked as seen.";
        case "mute":
          await call(api.PUT("/api/workflows/{id}/alerts/mute", { params: { path: { id: decision.workflowId } }, body: { minutes: decision.minutes } }));
          return "Nobody is told of its failures for the next hour.";
      }
    },
    onSuccess: (summary) => setDone(summary),
    onSettled: () => client.invalidateQueries({ queryKey: keys.attention }),
  });

  const data = attention.data;
  if (attention.isError) {
    return <ErrorBanner error={attention.error} onRetry={() => void attention.refetch()} />;
  }

  if (!data || !data.inApp || (data.failing.length === 0 && data.outages.length === 0 && data.inDoubt.length === 0)) {
    return null;
  }

  return (
    <section className="card attention" aria-labelledby="attention-title">
      <h2 id="attention-title">Needs attention</h2>
      {done && (
        <p className="banner banner-success" role="status">
          {done}
        </p>
      )}
      {decide.isError && <ErrorBanner error={decide.error} />}
      <ul className="attention-list">
        {data.outages.map((outage) => (
          <li key={outage.id}>
            <strong>{outage.words}</strong> since {formatWhen(outage.since, timeZone)}.{" "}
            {outage.waiting > 0 && `${plural(outage.waiting, "message")} waiting; they go out once it answers again.`}
          </li>
        ))}
        {data.failing.map((failing) => (
          <li key={failing.workflowId}>
            <strong>{failing.workflowName}</strong>: {failing.cause}. {failing.advice}
            <br />
            <span className="muted">
              {plural(failing.failures, "failed run")} since {formatWhen(failing.firstAt, timeZone)}
              {failing.mutedUntil && ` · alerts muted until ${formatWhen(failing.mutedUntil, timeZone)}`}
            </span>
            <div className="attention-actions">
              {failing.executionId && (
                <Link to={`/executions/${failing.executionId}`} className="button button-quiet">
                  Open the last failed run
                </Link>
              )}
              <button type="button" className="button button-quiet" onClick={() => decide.mutate({ kind: "seen", workflowId: failing.workflowId })} aria-label={`Mark as seen: the failures of ${failing.workflowName}`}>
                Mark as seen
              </button>
              {!failing.mutedUntil && (
                <button type="button" className="button button-quiet" onClick={() => decide.mutate({ kind: "mute", workflowId: failing.workflowId, minutes: 60 })} aria-label={`Mute for an hour: the alerts of ${failing.workflowName}`}>
                  Mute for an hour
                </button>
              )}
            </div>
          </li>
        ))}
        {data.inDoubt.map((doubt) => (
          <li key={doubt.id}>
            <strong>{doubt.channel === "sms" ? "A text" : "An email"} may not have gone out</strong> to {doubt.to ?? "the client"}
            {doubt.workflowName && ` (${doubt.workflowName})`} at {formatWhen(doubt.claimedAt, timeZone)}: the app stopped while sending it.
            {(doubt.subject || doubt.text) && (
              <blockquote className="muted">
                {doubt.subject && <strong>{doubt.subject}</strong>}
                {doubt.subject && doubt.text && <br />}
                {doubt.text}
              </blockquote>
            )}
            {!doubt.canResend && <p className="muted">It can't be sent again from here: the message as it was written was not kept.</p>}
            <div className="attention-actions">
              {doubt.canResend && (
                <button type="button" className="button" disabled={decide.isPending} onClick={() => decide.mutate({ kind: "resend", id: doubt.id })} aria-label={`Send again to ${doubt.to ?? "the client"}`}>
                  Send again
                </button>
              )}
              <button type="button" className="button button-quiet" disabled={decide.isPending} onClick={() => decide.mutate({ kind: "dismiss", id: doubt.id })} aria-label={`Don't send again to ${doubt.to ?? "the client"}`}>
                Don't send again
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
