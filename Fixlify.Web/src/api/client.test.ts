// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./ApiError";
import { api, call } from "./client";
import { onSignedOut, signIn, token } from "../auth/session";

function answer(status: number, body: unknown, type = "application/problem+json") {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": type } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe("call", () => {
  it("sends the bearer token and returns the typed body", async () => {
    signIn("the-jwt");
    const fetch = answer(200, { organizationId: "o", subject: "s", organizationName: "Bright", timeZone: "America/New_York" }, "application/json");
    vi.stubGlobal("fetch", fetch);

    const caller = await call(api.GET("/api/me"));

    expect(caller.timeZone).toBe("America/New_York");
    const request = (fetch.mock.calls[0] as unknown as [Request])[0];
    expect(request.headers.get("Authorization")).toBe("Bearer the-jwt");
  });

  it("turns problem details into an ApiError with the title, detail and each field", async () => {
    vi.stubGlobal("fetch", answer(409, { title: "Conflict", status: 409, detail: "Workflow 'X' is inactive: activate it before retrying." }));

    const error = await call(api.POST("/api/executions/{id}/retry", { params: { path: { id: "e1" } } })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, title: "Conflict", detail: "Workflow 'X' is inactive: activate it before retrying.", retryable: false });
  });

  it("says the server did not answer when the network fails, and that trying again may help", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));

    const error = (await call(api.GET("/api/workflows")).catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(0);
    expect(error.title).toBe("No connection");
    expect(error.retryable).toBe(true);
  });

  it("ends the session on 401, with a message for the sign-in screen", async () => {
    signIn("expired");
    const ended: string[] = [];
    const stop = onSignedOut((message) => ended.push(message));
    vi.stubGlobal("fetch", answer(401, { title: "Unauthorized", status: 401, detail: "The token expired." }));

    await expect(call(api.GET("/api/me"))).rejects.toBeInstanceOf(ApiError);
    stop();

    expect(token()).toBeNull();
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatch(/Sign in again/);
  });

  it("reads a body that is not problem details as a plain sentence", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } })));

    const error = (await call(api.GET("/api/workflows")).catch((e: unknown) => e)) as ApiError;

    expect(error.title).toBe("The server had a problem");
    expect(error.detail).toBe("The server answered 502.");
    expect(error.retryable).toBe(true);
  });
});
