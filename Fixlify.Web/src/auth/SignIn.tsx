import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { safeReturnTo, userManager } from "./oidc";
import { signIn, takeSignInMessage } from "./session";

/** Sign-in: through the organization's identity provider, or (local development) with a development token. */
export function SignIn() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const returnTo = safeReturnTo(search.get("returnTo"));
  const [message] = useState(takeSignInMessage);
  const [jwt, setJwt] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const config = useQuery({ queryKey: keys.webConfig, queryFn: ({ signal }) => call(api.GET("/api/web-config", { signal })), staleTime: Infinity });

  const submitToken = (event: FormEvent) => {
    event.preventDefault();
    if (jwt.trim()) {
      signIn(jwt);
      navigate(returnTo, { replace: true });
    }
  };
  const redirect = async () => {
    try {
      await (await userManager(config.data!)).signinRedirect({ state: { returnTo } });
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <main id="content" className="sign-in">
      <h1>Fixlify Automation</h1>
      {message && (
        <p className="banner banner-info" role="alert">
          {message}
        </p>
      )}
      {config.isPending && <Skeleton rows={2} label="Loading sign-in…" />}
      {config.isError && <ErrorBanner error={config.error} onRetry={() => void config.refetch()} />}
      {failure != null && <ErrorBanner error={failure} />}
      {config.data?.signIn === "oidc" && (
        <>
          <p>Sign in with your company account to see and manage your automations.</p>
          <button type="button" className="button button-primary" onClick={() => void redirect()}>
            Sign in
          </button>
        </>
      )}
      {config.data?.signIn === "token" && (
        <form onSubmit={submitToken} className="stack">
          <p>
            This is a development server. Open the sign-in link that <code>make run</code> printed, or paste its
            development token here.
          </p>
          <label htmlFor="token">Development token</label>
          <textarea id="token" rows={4} value={jwt} onChange={(e) => setJwt(e.target.value)} spellCheck={false} autoComplete="off" />
          <button type="submit" className="button button-primary" disabled={!jwt.trim()}>
            Sign in
          </button>
        </form>
      )}
    </main>
  );
}
