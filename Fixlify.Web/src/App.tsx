import { lazy } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { RequireSession } from "./auth/RequireSession";
import { SignIn } from "./auth/SignIn";
import { SignInCallback } from "./auth/SignInCallback";
import { AutomationsPage } from "./automations/AutomationsPage";
import { NewAutomationPage } from "./automations/NewAutomationPage";
import { ExecutionsPage } from "./executions/ExecutionsPage";
import { ExecutionDetailPage } from "./executions/ExecutionDetailPage";
import { ActivityPage } from "./activity/ActivityPage";
import { Layout } from "./ui/Layout";
import { NotFoundPage } from "./ui/NotFoundPage";

// Split off: the metrics charts and the workflow builder (canvas, forms, layout) load when first opened.
const MetricsPage = lazy(() => import("./metrics/MetricsPage"));
const BuilderPage = lazy(() => import("./builder/BuilderPage"));
const VersionPage = lazy(() => import("./builder/VersionPage"));
const AlertSettingsPage = lazy(() => import("./alerts/AlertSettingsPage"));

const router = createBrowserRouter([
  { path: "/sign-in", element: <SignIn /> },
  { path: "/signin-callback", element: <SignInCallback /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { path: "/", element: <AutomationsPage /> },
      { path: "/automations/new", element: <NewAutomationPage /> },
      { path: "/executions", element: <ExecutionsPage /> },
      { path: "/executions/:id", element: <ExecutionDetailPage /> },
      { path: "/metrics", element: <MetricsPage /> },
      { path: "/activity", element: <ActivityPage /> },
      { path: "/workflows/:id", element: <BuilderPage /> },
      { path: "/workflows/:id/versions/:version", element: <VersionPage /> },
      { path: "/settings/alerts", element: <AlertSettingsPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
