import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./builder.css";
import type { Workflow } from "../api/types";
import type { Catalog } from "./builderApi";
import type { Draft } from "./draft";
import { Editor } from "./Editor";

/** The builder's canvas and panels for one workflow (or a new one: `workflow` null). */
export function Builder(props: { catalog: Catalog; workflow: Workflow | null; initial: Draft; readOnlyReason: string | null; laidOut: boolean }) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}
