import type { DragEvent } from "react";
import { Background, Controls, ReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange, type NodeTypes } from "@xyflow/react";
import { CanvasOverlayContext, type CanvasOverlay } from "./canvasOverlay";
import type { StepNode } from "./graph";

/** The canvas: the workflow's steps and links, with what the overlay adds (problems, dry run, live run, counts). */
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
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls />
        </ReactFlow>
      </CanvasOverlayContext.Provider>
    </div>
  );
}
