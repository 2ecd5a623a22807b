import { fetchEventSource, type EventSourceMessage } from "@microsoft/fetch-event-source";
import type { components } from "./schema";

export type ExecutionUpdate = components["schemas"]["ExecutionUpdate"];
export type BacktestProgress = components["schemas"]["BacktestProgress"];

/** How far a bulk retry or cancel has come (`bulk` events, as `POST /api/executions/bulk/run` reports them). */
export interface BulkProgress {
  bulkId: string;
  action: "retry" | "cancel";
  processed: number;
  total: number;
}

/** `live`: connected and receiving; `reconnecting`: the connection dropped and the next try is scheduled. */
export type StreamState = "connecting" | "live" | "reconnecting";

export interface StreamOptions {
  /** The bearer token to send (read again on each connection: it may have been renewed). */
  token: () => string | null;
  onUpdate: (update: ExecutionUpdate) => void;
  /** A running backtest's progress (`backtest` events: not numbered, not replayed after a reconnect). */
  onProgress?: (progress: BacktestProgress) => void;
  /** A running bulk retry's or cancel's progress (`bulk` events: not numbered, not replayed after a reconnect). */
  onBulk?: (progress: BulkProgress) => void;
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

/** How many recent update numbers are remembered to drop a repeat. */
const remembered = 2000;

/**
 * `GET /api/executions/stream` over fetch, so the Authorization header is sent (a browser's EventSource cannot send
 * one, and a token never goes in a URL). After a drop it reconnects with `Last-Event-ID` set to the id of the last
 * event that had one: an opaque position (ADR 0011), from which the server sends whatever was missed, including an
 * update committed late whose number is below ones already passed on. Each update reaches `onUpdate` once (a repeat
 * of a recent number is dropped). Returns a function that closes the stream.
 */
export function openExecutionStream(options: StreamOptions): () => void {
  const controller = new AbortController();
  const retryMs = options.retryMs ?? 3000;
  let lastEventId: string | null = null;
  const seen = new Set<number>();
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
    if (lastEventId !== null) {
      headers["Last-Event-ID"] = lastEventId;
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
            if (message.event === "bulk") {
              options.onBulk?.(JSON.parse(message.data) as BulkProgress);
              return;
            }
            if (message.id !== "") {
              lastEventId = message.id;
            }
            if (message.event !== "execution") {
              return;
            }
            const update = JSON.parse(message.data) as ExecutionUpdate;
            if (seen.has(update.id)) {
              return;
            }
            seen.add(update.id);
            if (seen.size > remembered) {
              seen.delete(seen.values().next().value as number);
            }
            options.onUpdate(update);
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
