import { fetchEventSource, type EventSourceMessage } from "@microsoft/fetch-event-source";
import type { components } from "./schema";

export type ExecutionUpdate = components["schemas"]["ExecutionUpdate"];
export type BacktestProgress = components["schemas"]["BacktestProgress"];

/** `live`: connected and receiving; `reconnecting`: the connection dropped and the next try is scheduled. */
export type StreamState = "connecting" | "live" | "reconnecting";

export interface StreamOptions {
  /** The bearer token to send (read again on each connection: it may have been renewed). */
  token: () => string | null;
  onUpdate: (update: ExecutionUpdate) => void;
  /** A running backtest's progress (`backtest` events: not numbered, not replayed after a reconnect). */
  onProgress?: (progress: BacktestProgress) => void;
  onState: (state: StreamState) => void;
  /** The server refused the token: the stream stops. */
  onUnauthorized: () => void;
  /** Wait before reconnecting, ms (default 3000; the server also suggests 3 s). */
  retryMs?: number;
  fetch?: typeof fetch;
  url?: string;
}

class Unauthorized extends Error {}
class Dropped extends Error {}

/**
 * `GET /api/executions/stream` over fetch, so the Authorization header is sent (a browser's EventSource cannot send
 * one, and a token never goes in a URL). After a drop it reconnects with `Last-Event-ID` set to the last update it
 * passed on, so the server replays what was missed; an update whose id is not above that one is a repeat and is
 * dropped, so each update reaches `onUpdate` once, in order. Returns a function that closes the stream.
 */
export function openExecutionStream(options: StreamOptions): () => void {
  const controller = new AbortController();
  const retryMs = options.retryMs ?? 3000;
  let lastId: number | null = null;
  let state: StreamState | null = null;
  const setState = (next: StreamState) => {
    if (next !== state && !controller.signal.aborted) {
      state = next;
      options.onState(next);
    }
  };

  const connect = () => {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    const jwt = options.token();
    if (jwt) {
      headers.Authorization = `Bearer ${jwt}`;
    }
    if (lastId !== null) {
      headers["Last-Event-ID"] = String(lastId);
    }
    return headers;
  };

  setState("connecting");
  const run = async () => {
    // One fetchEventSource per connection: its own retry would resend the first connection's headers.
    while (!controller.signal.aborted) {
      try {
        await fetchEventSource(options.url ?? "/api/executions/stream", {
          headers: connect(),
          signal: controller.signal,
          openWhenHidden: true,
          fetch: options.fetch,
          async onopen(response) {
            if (response.status === 401) {
              throw new Unauthorized();
            }
            if (!response.ok || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
              throw new Dropped(`stream answered ${response.status}`);
            }
            setState("live");
          },
          onmessage(message: EventSourceMessage) {
            if (message.event === "backtest") {
              options.onProgress?.(JSON.parse(message.data) as BacktestProgress);
              return;
            }
            if (message.event !== "execution" || message.id === "") {
              return;
            }
            const id = Number(message.id);
            if (!Number.isSafeInteger(id) || (lastId !== null && id <= lastId)) {
              return;
            }
            lastId = id;
            options.onUpdate(JSON.parse(message.data) as ExecutionUpdate);
          },
          onclose() {
            throw new Dropped("the server ended the stream");
          },
          onerror(error: unknown) {
            throw error;
          },
        });
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
        if (error instanceof Unauthorized) {
          options.onUnauthorized();
          return;
        }
      }
      if (controller.signal.aborted) {
        return;
      }
      setState("reconnecting");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryMs);
        controller.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  void run();
  return () => controller.abort();
}
