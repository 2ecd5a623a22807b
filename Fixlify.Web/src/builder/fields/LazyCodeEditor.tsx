import { lazy, Suspense, type ComponentProps } from "react";

const Editor = lazy(() => import("./CodeEditor"));

/** The code view, loaded when a developer first opens one (CodeMirror is its own chunk). */
export function LazyCodeEditor(props: ComponentProps<typeof Editor>) {
  return (
    <Suspense fallback={<p className="muted">Loading the code view…</p>}>
      <Editor {...props} />
    </Suspense>
  );
}
