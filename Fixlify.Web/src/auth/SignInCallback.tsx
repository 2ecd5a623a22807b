import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api, call } from "../api/client";
import { ApiError } from "../api/ApiError";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { safeReturnTo, userManager } from "./oidc";
import { signIn } from "./session";

/** Where the identity provider sends the browser back: the code is exchanged (with the PKCE verifier) for tokens. */
export function SignInCallback() {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) {
      return;
    }
    started.current = true;
    (async () => {
      try {
        const config = await call(api.GET("/api/web-config"));
        const user = await (await userManager(config)).signinRedirectCallback();
        signIn(user.access_token);
        navigate(safeReturnTo((user.state as { returnTo?: string } | undefined)?.returnTo), { replace: true });
      } catch (error) {
        setFailure(
          error instanceof ApiError
            ? error
            : new ApiError(401, "Sign-in did not finish", error instanceof Error ? error.message : "The identity provider's answer was not accepted."),
        );
      }
    })();
  }, [navigate]);
  return (
    <main id="content" className="sign-in">
      <h1>Signing in…</h1>
      {failure == null ? (
        <Skeleton rows={1} label="Finishing sign-in…" />
      ) : (
        <>
          <ErrorBanner error={failure} />
          <a href="/sign-in">Back to sign-in</a>
        </>
      )}
    </main>
  );
}
