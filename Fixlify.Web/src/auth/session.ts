/**
 * The signed-in person's bearer token, kept in sessionStorage (this tab only, gone when it closes). It arrives either
 * in the sign-in link's fragment (`#token=<jwt>`, local development: a fragment never reaches a server) or from the
 * identity provider after an OpenID Connect sign-in. It is never put in a URL's query string.
 */
const tokenKey = "fixlify.token";
const messageKey = "fixlify.signInMessage";

type Listener = (message: string) => void;
const listeners = new Set<Listener>();

export function token(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function signIn(jwt: string): void {
  sessionStorage.setItem(tokenKey, jwt.trim());
  sessionStorage.removeItem(messageKey);
}

/** Takes a `#token=…` fragment on any route, keeps the token and removes it from the address bar. */
export function takeTokenFromFragment(location: Location = window.location, history: History = window.history): boolean {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const jwt = fragment.get("token");
  if (!jwt) {
    return false;
  }
  signIn(jwt);
  history.replaceState(history.state, "", location.pathname + location.search);
  return true;
}

/** Forgets the token; `message` (why) is shown on the sign-in screen. */
export function signOut(message?: string): void {
  sessionStorage.removeItem(tokenKey);
  // An OpenID Connect sign-in's user and state (oidc-client-ts keeps them under "oidc.").
  for (const key of Object.keys(sessionStorage).filter((k) => k.startsWith("oidc."))) {
    sessionStorage.removeItem(key);
  }
  if (message) {
    sessionStorage.setItem(messageKey, message);
  } else {
    sessionStorage.removeItem(messageKey);
  }
  for (const listener of listeners) {
    listener(message ?? "");
  }
}

/** The reason the last session ended, once. */
export function takeSignInMessage(): string | null {
  const message = sessionStorage.getItem(messageKey);
  sessionStorage.removeItem(messageKey);
  return message;
}

/** Called when the session ends (sign-out, or the server refused the token). */
export function onSignedOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const sessionEndedMessage = "Your session has ended or was refused by the server. Sign in again.";
