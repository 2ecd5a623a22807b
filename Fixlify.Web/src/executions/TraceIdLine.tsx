/**
 * A small "Trace id" line under an execution's facts: the id a developer or an operator looks the run up by in the
 * trace viewer (Application Insights, or `make run OBSERVE=1`'s dashboard). Nothing when the run was not traced.
 */
export function TraceIdLine({ traceId }: { traceId?: string | null }) {
  if (!traceId) {
    return null;
  }

  return (
    <p className="muted">
      <small>
        Trace id <code>{traceId}</code>
      </small>
    </p>
  );
}
