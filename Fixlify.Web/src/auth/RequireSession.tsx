import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { token } from "./session";

/** Signed-in screens only: without a token, to sign-in (and back here afterwards). */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  if (!token()) {
    const returnTo = location.pathname + location.search;
    return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return children;
}
