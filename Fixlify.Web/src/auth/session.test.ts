// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { signOut, takeSignInMessage, takeTokenFromFragment, token } from "./session";
import { safeReturnTo } from "./oidc";

afterEach(() => sessionStorage.clear());

describe("takeTokenFromFragment", () => {
  it("keeps the token of a sign-in link on any route and removes it from the address bar", () => {
    window.history.replaceState(null, "", "/executions/abc?status=failed#token=a.b.c");

    expect(takeTokenFromFragment()).toBe(true);

    expect(token()).toBe("a.b.c");
    expect(window.location.pathname + window.location.search + window.location.hash).toBe("/executions/abc?status=failed");
  });

  it("leaves a page without a token alone", () => {
    window.history.replaceState(null, "", "/metrics#section");

    expect(takeTokenFromFragment()).toBe(false);
    expect(token()).toBeNull();
    expect(window.location.hash).toBe("#section");
  });
});

describe("signOut", () => {
  it("forgets the token and the OpenID Connect user, and leaves the reason for the sign-in screen once", () => {
    sessionStorage.setItem("fixlify.token", "x");
    sessionStorage.setItem("oidc.user:https://idp:web", "{}");

    signOut("Your session has ended.");

    expect(token()).toBeNull();
    expect(sessionStorage.getItem("oidc.user:https://idp:web")).toBeNull();
    expect(takeSignInMessage()).toBe("Your session has ended.");
    expect(takeSignInMessage()).toBeNull();
  });
});

describe("safeReturnTo", () => {
  it("returns only paths of this app", () => {
    expect(safeReturnTo("/executions?status=failed")).toBe("/executions?status=failed");
    expect(safeReturnTo("//evil.example/x")).toBe("/");
    expect(safeReturnTo("https://evil.example")).toBe("/");
    expect(safeReturnTo("/\\evil.example")).toBe("/");
    expect(safeReturnTo(undefined)).toBe("/");
  });
});
