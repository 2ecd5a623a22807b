import type { DragEvent } from "react";
import { Background, Controls, ReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange, type NodeTypes } from "@xyflow/react";
import { CanvasOverlayContext, type CanvasOverlay } from "./canvasOverlay";
import { readableZoom } from "./layout";
import type { StepNode } from "./graph";

const edgeOptions = { type: "smoothstep" } as const;

/**
 * The canvas: the workflow's steps and links, with what the overlay adds (problems, dry run, live run, counts). Dragging
 * the background or the wheel moves the view (Ctrl+wheel or a pinch zooms), dragging a step moves the step; it never
 * zooms out so far that a step's text is smaller than 12 px: a long flow scrolls.
 */
export function BuilderCanvas({
  nodes,
  edges,
  nodeTypes,
  overlay,
  readOnly,
  onNodesChange,
  onEdgesChange,
  onConnect,
  isValidConnection,
  onInit,
  onDrop,
  fitView = false,
}: {
  nodes: StepNode[];
  edges: Edge[];
  nodeTypes: NodeTypes;
  overlay: CanvasOverlay;
  readOnly: boolean;
  onNodesChange: (changes: NodeChange<StepNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  onConnect: (connection: Connection) => void;
  isValidConnection: (connection: Connection | Edge) => boolean;
  onInit: () => void;
  onDrop: (event: DragEvent) => void;
  /** Fit the whole flow in view when it opens (a version shown read-only). */
  fitView?: boolean;
}) {
  return (
    <div className="canvas" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <CanvasOverlayContext.Provider value={overlay}>
        <ReactFlow
          aria-label="Workflow canvas"
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          nodesConnectable={!readOnly}
          deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
          onlyRenderVisibleElements={nodes.length > 100}
          onInit={onInit}
          fitView={fitView}
          minZoom={readableZoom}
          maxZoom={1.5}
          panOnDrag
          panOnScroll
          zoomOnScroll={false}
          selectionOnDrag={false}
          defaultEdgeOptions={edgeOptions}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls />
        </ReactFlow>
      </CanvasOverlayContext.Provider>
    </div>
  );
}
