import { describe, expect, it } from "vitest";
import type { Edge } from "@xyflow/react";
import type { StepNode } from "./graph";
import { layOut, makeRoom, readableZoom, smallestNodeText } from "./layout";

const node = (id: string, type = "action", height = 100): StepNode => ({ id, type, position: { x: 0, y: 0 }, data: {}, measured: { width: 240, height } });

describe("layOut", () => {
  it("puts a check's Yes branch left of its No branch, whichever edge comes first", () => {
    const nodes = [node("trigger", "trigger"), node("check", "condition"), node("no"), node("yes")];
    const edges: Edge[] = [
      { id: "a", source: "trigger", target: "check" },
      { id: "b", source: "check", target: "no", sourceHandle: "false" },
      { id: "c", source: "check", target: "yes", sourceHandle: "true" },
    ];
    const placed = new Map(layOut(nodes, edges).map((n) => [n.id, n.position]));
    expect(placed.get("yes")!.x).toBeLessThan(placed.get("no")!.x);
    expect(placed.get("check")!.y).toBeGreaterThan(placed.get("trigger")!.y);
  });
});

describe("makeRoom", () => {
  it("moves a node down when the one above grew over it (a dry run's notes), and leaves side-by-side nodes", () => {
    const nodes = [
      { ...node("a", "action", 300), position: { x: 0, y: 0 } },
      { ...node("b"), position: { x: 0, y: 200 } },
      { ...node("c"), position: { x: 400, y: 200 } },
    ];
    const shown = new Map(makeRoom(nodes).map((n) => [n.id, n.position]));
    expect(shown.get("b")!.y).toBeGreaterThanOrEqual(300);
    expect(shown.get("c")!.y).toBe(200);
  });

  it("returns the same nodes when none overlap", () => {
    const nodes = [node("a"), { ...node("b"), position: { x: 0, y: 400 } }];
    expect(makeRoom(nodes)).toBe(nodes);
  });
});

it("never lets the canvas zoom node text below 12 px", () => {
  expect(smallestNodeText * readableZoom).toBeGreaterThanOrEqual(12);
});
