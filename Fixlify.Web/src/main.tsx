import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ApiError } from "./api/ApiError";
import { takeTokenFromFragment } from "./auth/session";
import { App } from "./App";
import "./styles.css";

// A sign-in link (`…/any/route#token=<jwt>`) opens signed in, on that route, without the token in the address bar.
takeTokenFromFragment();

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // Try again by itself only when it may help (no answer, a server error); a 4xx is shown at once.
      retry: (failures, error) => error instanceof ApiError && error.retryable && failures < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
