import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];

/**
 * A failed API call, as the person should read it: the problem details' title and detail (RFC 7807), never the raw
 * body. Status 0 means the server did not answer at all (network down, host restarting).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: { path: string; message: string }[];

  constructor(status: number, title: string, detail: string, errors: { path: string; message: string }[] = []) {
    super(`${title}: ${detail}`);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  /** Whether trying again may help: no answer, or a server error. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  static offline(): ApiError {
    return new ApiError(0, "No connection", "The server did not answer. Check your connection, then try again.");
  }

  /** Reads a problem-details body; anything else becomes a plain sentence with the status code. */
  static async fromResponse(response: Response, body?: unknown): Promise<ApiError> {
    let problem: unknown = body;
    if (problem === undefined) {
      try {
        problem = await response.clone().json();
      } catch {
        problem = undefined;
      }
    }
    return ApiError.fromProblem(response.status, problem);
  }

  static fromProblem(status: number, problem: unknown): ApiError {
    if (isProblem(problem)) {
      return new ApiError(status, problem.title, problem.detail ?? "", problem.errors ?? []);
    }
    return new ApiError(status, status >= 500 ? "The server had a problem" : "The request failed", `The server answered ${status}.`);
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as Problem).title === "string";
}
