import { useEffect } from "react";
import { useBlocker } from "react-router";

/** Leaving with unsaved changes asks first: another screen of the app (the blocker), or closing the tab (the browser's own question). */
export function useLeaveGuard(dirty: boolean, saving: boolean) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname && !saving);
  useEffect(() => {
    if (!dirty) {
      return;
    }
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  return blocker;
}
