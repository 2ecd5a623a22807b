// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { openExecutionStream, type ExecutionUpdate, type StreamState } from "./executionStream";

/** A server that answers each connection with the next script: events, then the connection ends (or a status). */
function fakeServer(scripts: (string[] | number)[]) {
  const requests: Headers[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Headers(init?.headers));
    const script = scripts.shift();
    if (script === undefined) {
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }
    if (typeof script === "number") {
      return new Response(null, { status: script });
    }
    return new Response(script.join(""), { status: 200, headers: { "content-type": "text/event-stream" } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** An update numbered `id`, sent at stream position `p<id>` (positions are opaque to the client). */
const update = (id: number, status = "processing", position = `p${id}`) =>
  `event: execution\nid: ${position}\ndata: ${JSON.stringify({ id, executionId: `e${id}`, workflowId: null, status, stepKey: null, stepStatus: null, at: "2026-03-03T12:00:00Z" })}\n\n`;
const ready = "event: ready\nretry: 3000\ndata: {}\n\n";

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("openExecutionStream", () => {
  it("resumes after a drop with Last-Event-ID, passing each update on once", async () => {
    // The second connection repeats 2 and brings 3 and 4.
    const server = fakeServer([[ready, update(1), update(2)], [ready, update(2), update(3), update(4, "completed")]]);
    const seen: ExecutionUpdate[] = [];
    const states: StreamState[] = [];
    const close = openExecutionStream({ token: () => "jwt", onUpdate: (u) => seen.push(u), onState: (s) => states.push(s), onUnauthorized: () => {}, retryMs: 1, fetch: server.fetch });

    await until(() => seen.length === 4 && server.requests.length === 3);
    close();

    expect(seen.map((u) => u.id)).toEqual([1, 2, 3, 4]);
    expect(seen[3]!.status).toBe("completed");
    expect(server.requests[0]!.get("Last-Event-ID")).toBeNull();
    expect(server.requests[1]!.get("Last-Event-ID")).toBe("p2");
    expect(server.requests[2]!.get("Last-Event-ID")).toBe("p4");
    expect(server.requests.every((h) => h.get("Authorization") === "Bearer jwt")).toBe(true);
    // The third connection is still being opened when the stream is closed.
    expect(states).toEqual(["connecting", "live", "reconnecting", "live", "reconnecting"]);
  });

  it("keeps trying while the server is down, then resumes where it was", async () => {
    const server = fakeServer([[ready, update(7)], 503, 502, [ready, update(8)]]);
    const seen: number[] = [];
    const close = openExecutionStream({ token: () => "jwt", onUpdate: (u) => seen.push(u.id), onState: () => {}, onUnauthorized: () => {}, retryMs: 1, fetch: server.fetch });

    await until(() => seen.length === 2);
    close();

    expect(seen).toEqual([7, 8]);
    expect(server.requests.slice(1, 4).map((h) => h.get("Last-Event-ID"))).toEqual(["p7", "p7", "p7"]);
  });

  it("passes on an update committed late, numbered below one already passed on, and resumes from the latest position", async () => {
    const readyAt = "event: ready\nid: start\ndata: {}\n\n";
    const server = fakeServer([[readyAt, update(9)], [update(8, "completed", "after-8")]]);
    const seen: number[] = [];
    const close = openExecutionStream({ token: () => "jwt", onUpdate: (u) => seen.push(u.id), onState: () => {}, onUnauthorized: () => {}, retryMs: 1, fetch: server.fetch });

    await until(() => seen.length === 2 && server.requests.length === 3);
    close();

    expect(seen).toEqual([9, 8]);
    expect(server.requests.map((h) => h.get("Last-Event-ID"))).toEqual([null, "p9", "after-8"]);
  });

  it("stops and says so when the token is refused", async () => {
    const server = fakeServer([401]);
    let refused = false;
    openExecutionStream({ token: () => "expired", onUpdate: () => {}, onState: () => {}, onUnauthorized: () => (refused = true), retryMs: 1, fetch: server.fetch });

    await until(() => refused);
    await new Promise((r) => setTimeout(r, 20));

    expect(refused).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
