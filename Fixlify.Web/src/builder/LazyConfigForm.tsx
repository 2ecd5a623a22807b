import { lazy, Suspense, type ComponentProps } from "react";

const load = () => import("./ConfigForm");
const Form = lazy(load);

/** Starts loading the forms (rjsf and its JSON Schema validator) before the person opens a step: after the canvas is drawn. */
export function preloadConfigForm(): void {
  void load();
}

/** The generated form, loaded on first use (its own chunk, so the canvas draws without waiting for it). */
export function ConfigForm(props: ComponentProps<typeof Form>) {
  return (
    <Suspense fallback={<p className="muted">Loading the form…</p>}>
      <Form {...props} />
    </Suspense>
  );
}
