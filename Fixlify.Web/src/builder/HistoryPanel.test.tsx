// @vitest-environment happy-dom
import { act, createElement } from "react";
import { createRoot } from "react-dom/client";
import { MemoryRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HistoryPanel } from "./HistoryPanel";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const entry = (version: number) => ({
  version,
  savedAt: "2026-12-01T15:00:00Z",
  savedBy: "Dana Smith",
  summary: `Change ${version}`,
  restoredFrom: null,
  live: version === 3,
  executionsStarted: 0,
  runningNow: 0,
});

afterEach(() => vi.unstubAllGlobals());

async function settle() {
  for (let i = 0; i < 10; i++) {
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
  }
}

describe("the history panel", () => {
  it("shows the newest versions first and loads the older ones with the page's nextBefore", async () => {
    const fetch = vi.fn(async (request: Request) => {
      const before = new URL(request.url).searchParams.get("before");
      const page = before === null ? { items: [entry(3), entry(2)], nextBefore: 2 } : { items: [entry(1)], nextBefore: null };
      return new Response(JSON.stringify({ workflowId: "w", liveVersion: 3, ...page }), { status: 200, headers: { "content-type": "application/json" } });
    });
    vi.stubGlobal("fetch", fetch);
    const host = document.createElement("div");
    document.body.append(host);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await act(async () =>
      createRoot(host).render(
        createElement(QueryClientProvider, { client }, createElement(MemoryRouter, null, createElement(HistoryPanel, { workflowId: "w", timeZone: "America/New_York" }))),
      ),
    );
    await settle();
    const versions = () => [...host.querySelectorAll(".version-head a")].map((a) => a.textContent);
    expect(versions()).toEqual(["Version 3", "Version 2"]);

    const more = [...host.querySelectorAll("button")].find((b) => b.textContent === "Show older versions")!;
    await act(async () => more.click());
    await settle();

    expect(versions()).toEqual(["Version 3", "Version 2", "Version 1"]);
    expect([...host.querySelectorAll("button")].some((b) => b.textContent === "Show older versions")).toBe(false);
    expect(new URL((fetch.mock.calls[1]![0] as Request).url).searchParams.get("before")).toBe("2");
  });
});
