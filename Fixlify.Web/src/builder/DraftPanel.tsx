import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { LiveComparison, Workflow } from "../api/types";
import type { BacktestProgress } from "../api/executionStream";
import { useBacktestProgress } from "../executions/liveUpdates";
import { ErrorBanner } from "../ui/ErrorBanner";
import { formatWhen, plural } from "../ui/format";
import { bodyOf, type Draft } from "./draft";
import { PublishDialog, type InFlightChoice } from "./PublishDialog";

const channels = [
  ["sms", "Texts"],
  ["email", "Emails"],
  ["push", "Push notifications"],
  ["webhook", "Webhook calls"],
] as const;

/**
 * Changing a live automation safely: save the edits as a draft (the live version keeps running), compare the draft with
 * the live version over the last 30 days of real events (nothing sent), then publish it, choosing what happens to the
 * executions already in flight.
 */
export function DraftPanel({
  workflow,
  draft,
  timeZone,
  onPublished,
}: {
  workflow: Workflow;
  draft: Draft;
  timeZone: string;
  onPublished: (updated: Workflow) => void;
}) {
  const client = useQueryClient();
  const saved = useQuery({
    queryKey: keys.draft(workflow.id),
    queryFn: async ({ signal }) => {
      const answer = await api.GET("/api/workflows/{id}/draft", { params: { path: { id: workflow.id } }, signal });
      return answer.response.status === 204 ? null : call(Promise.resolve(answer));
    },
  });
  const [busy, setBusy] = useState<"saving" | "comparing" | "publishing" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [comparison, setComparison] = useState<LiveComparison | null>(null);
  const [progress, setProgress] = useState<BacktestProgress | null>(null);
  const [publishing, setPublishing] = useState(false);

  useBacktestProgress((next) => {
    if (busy === "comparing" && next.workflowId === workflow.id) {
      setProgress(next);
    }
  });

  const act = async (kind: "saving" | "comparing" | "publishing", work: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };
  const saveDraft = () =>
    act("saving", async () => {
      const answer = await call(api.PUT("/api/workflows/{id}/draft", { params: { path: { id: workflow.id } }, body: bodyOf(draft) }));
      client.setQueryData(keys.draft(workflow.id), answer);
      setComparison(null);
    });
  const compare = () =>
    act("comparing", async () => {
      setComparison(await call(api.POST("/api/workflows/{id}/draft/compare", { params: { path: { id: workflow.id } }, body: {} })));
    });
  const publish = (choices: InFlightChoice[]) =>
    act("publishing", async () => {
      const updated = await call(
        api.POST("/api/workflows/{id}/draft/publish", {
          params: { path: { id: workflow.id } },
          body: { inFlight: choices.filter((c) => c.choice !== "finish") },
          headers: { "If-Match": workflow.etag },
        }),
      );
      setPublishing(false);
      setComparison(null);
      client.setQueryData(keys.draft(workflow.id), null);
      void client.invalidateQueries({ queryKey: keys.versions(workflow.id) });
      onPublished(updated);
    });

  const draftSaved = saved.data ?? null;
  return (
    <section className="panel-section draft-panel" aria-labelledby="draft-heading">
      <h3 id="draft-heading">Draft</h3>
      <p className="muted">
        {draftSaved
          ? `Draft saved ${formatWhen(draftSaved.savedAt, timeZone)}${draftSaved.savedBy ? ` by ${draftSaved.savedBy}` : ""}; version ${workflow.version} is still live.`
          : `No draft: version ${workflow.version} is live. Save your edits as a draft to compare them with it before they go live.`}
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void saveDraft()} disabled={busy !== null}>
          {busy === "saving" ? "Saving…" : "Save as draft"}
        </button>
        <button type="button" className="button" onClick={() => void compare()} disabled={busy !== null || !draftSaved}>
          {busy === "comparing" ? "Comparing…" : "Compare with live"}
        </button>
        <button type="button" className="button button-primary" onClick={() => setPublishing(true)} disabled={busy !== null || !draftSaved}>
          Publish…
        </button>
      </div>
      {busy === "comparing" && progress && (
        <p role="status">
          Replayed {progress.replayed} of {plural(progress.total, "event")}
        </p>
      )}
      {error !== null && <ErrorBanner error={error} title="That did not work: your edits are kept." />}
      {comparison && <ComparisonReport comparison={comparison} timeZone={timeZone} />}
      <PublishDialog
        open={publishing}
        workflowId={workflow.id}
        name={workflow.name}
        busy={busy === "publishing"}
        onPublish={(choices) => void publish(choices)}
        onCancel={() => setPublishing(false)}
      />
    </section>
  );
}

function ComparisonReport({ comparison, timeZone }: { comparison: LiveComparison; timeZone: string }) {
  const live = comparison.live as { messages: Record<string, number>; executions: number };
  const draft = comparison.draft as { messages: Record<string, number>; executions: number };
  const samples = comparison.samples as { eventId: string; occurredAt: string; live: { outcome: string }; draft: { outcome: string } }[];
  return (
    <div className="comparison" aria-label="Compared with live">
      <p>
        Over {plural(comparison.events, "event")} from {formatWhen(comparison.from, timeZone)} to {formatWhen(comparison.to, timeZone)}, compared with version{" "}
        {comparison.liveVersion}:
      </p>
      {comparison.sentences.length === 0 ? (
        <p>The draft would do the same as the live version.</p>
      ) : (
        <ul aria-label="What would change">
          {comparison.sentences.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      <table>
        <caption>Messages that would go out</caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Live</th>
            <th scope="col">Draft</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Executions</th>
            <td>{live.executions}</td>
            <td>{draft.executions}</td>
          </tr>
          {channels.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td>{live.messages[key] ?? 0}</td>
              <td>{draft.messages[key] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {samples.length > 0 && (
        <details>
          <summary>{plural(samples.length, "execution")} that would go differently</summary>
          <ul>
            {samples.map((s) => (
              <li key={s.eventId}>
                {formatWhen(s.occurredAt, timeZone)}: live {s.live.outcome.replaceAll("_", " ")}, draft {s.draft.outcome.replaceAll("_", " ")}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
