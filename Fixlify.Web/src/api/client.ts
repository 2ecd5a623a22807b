import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { ApiError } from "./ApiError";
import { sessionEndedMessage, signOut, token } from "../auth/session";

/** Sends the bearer token; a 401 ends the session (back to sign-in with a message). */
const authentication: Middleware = {
  onRequest({ request }) {
    const jwt = token();
    if (jwt) {
      request.headers.set("Authorization", `Bearer ${jwt}`);
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) {
      signOut(sessionEndedMessage);
    }
    return response;
  },
};

/** The typed API client: paths, parameters and bodies come from the API's OpenAPI document. */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  // Looked up on each call (not captured once), so a test can stand a server in for it.
  fetch: (request) => globalThis.fetch(request),
});
api.use(authentication);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or an {@link ApiError} with the problem details; a request that never got an answer is status 0. */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw ApiError.offline();
  }
  if (!answer.response.ok) {
    throw await ApiError.fromResponse(answer.response, answer.error);
  }
  return answer.data as T;
}
