import type { UserManager } from "oidc-client-ts";
import type { WebConfig } from "../api/types";

/**
 * OpenID Connect sign-in (authorization code + PKCE, RFC 7636) with oidc-client-ts, loaded only when the API says
 * sign-in is by OpenID Connect. Its state lives in sessionStorage, like the token.
 */
export async function userManager(config: WebConfig): Promise<UserManager> {
  if (config.signIn !== "oidc" || !config.authority || !config.clientId) {
    throw new Error("Sign-in is not set up for OpenID Connect.");
  }
  const { UserManager, WebStorageStateStore } = await import("oidc-client-ts");
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/signin-callback`,
    response_type: "code",
    scope: config.scope ?? "openid profile",
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
  });
}

/** Only a path of this app: never another origin (`//host`, `https://…`). */
export function safeReturnTo(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}
