import { ErrorBanner } from "../ui/ErrorBanner";

/** A failure shown above the canvas: what did not happen, and a retry where one makes sense. */
export type Failure = { error: unknown; title: string; onRetry?: () => void };

/** The banners above the canvas: read-only, what failed, what was done (copied, pasted), a run followed, the dry run's outcome. */
export function BuilderNotices({ readOnlyReason, failures, notices }: { readOnlyReason: string | null; failures: Failure[]; notices: { key: string; text: string; tone: "info" | "success" }[] }) {
  return (
    <>
      {readOnlyReason && (
        <div className="banner banner-warning" role="alert">
          <p className="banner-title">Opened read-only</p>
          <p>{readOnlyReason}</p>
        </div>
      )}
      {failures.map((f) => (
        <ErrorBanner key={f.title} error={f.error} title={f.title} onRetry={f.onRetry} />
      ))}
      {notices.map((n) => (
        <p key={n.key} className={`banner banner-${n.tone}`} role="status">
          {n.text}
        </p>
      ))}
    </>
  );
}
