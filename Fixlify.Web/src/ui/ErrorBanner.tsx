import { ApiError } from "../api/ApiError";

/**
 * What went wrong, in the problem details' words (title, detail, each wrong field); never a stack or a JSON dump.
 * When trying again may help (no answer, a server error) it offers to. `title` puts the problem in the screen's words.
 */
export function ErrorBanner({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const problem = error instanceof ApiError ? error : new ApiError(0, "Something went wrong", "The page could not finish that. Try again.");
  return (
    <div className="banner banner-error" role="alert">
      <p className="banner-title">{title ?? problem.title}</p>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>{e.message}</li>
          ))}
        </ul>
      )}
      {problem.retryable && onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
