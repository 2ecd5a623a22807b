import { Suspense, useEffect } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { useCaller } from "../api/queries";
import { onSignedOut, signOut } from "../auth/session";
import { LiveUpdatesProvider } from "../executions/LiveUpdatesProvider";
import { ErrorBanner } from "./ErrorBanner";
import { Skeleton } from "./Skeleton";
import { zoneName, zoneWords } from "./format";

const roleWords = { owner: "Owner", admin: "Admin", editor: "Editor", viewer: "Viewer" } as const;

/** The signed-in frame: navigation, the organization and its time zone, sign-out; the live stream runs under it. */
export function Layout() {
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const caller = useCaller();

  useEffect(
    () =>
      onSignedOut(() => {
        client.clear();
        const returnTo = location.pathname + location.search;
        navigate(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, { replace: true });
      }),
    [client, navigate, location.pathname, location.search],
  );

  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">Fixlify Automation</div>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Automations
          </NavLink>
          <NavLink to="/executions">Executions</NavLink>
          <NavLink to="/metrics">Metrics</NavLink>
          <NavLink to="/activity">Activity</NavLink>
          <NavLink to="/settings/alerts">Alerts</NavLink>
        </nav>
        <div className="who">
          {caller.data && (
            <span>
              {caller.data.organizationName ?? "Your organization"} · <span>{roleWords[caller.data.role]}</span> ·{" "}
              <span title="Every time on these screens is in this zone">
                Times in {zoneWords(caller.data.timeZone)} ({zoneName(caller.data.timeZone)})
              </span>
            </span>
          )}
          <button type="button" className="button button-quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        {caller.isPending ? (
          <Skeleton rows={6} />
        ) : caller.isError ? (
          <ErrorBanner error={caller.error} onRetry={() => void caller.refetch()} />
        ) : (
          <LiveUpdatesProvider>
            <Suspense fallback={<Skeleton rows={6} />}>
              <Outlet />
            </Suspense>
          </LiveUpdatesProvider>
        )}
      </main>
    </>
  );
}
