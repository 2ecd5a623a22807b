import { describe, expect, it } from "vitest";
import { copySteps, pasteSteps, recall } from "./clipboard";
import type { StepNode } from "./graph";

// The webhook's URL is a receiver's own (some put their key in the query): pasting into another organization must drop it.
const nodes: StepNode[] = [
  { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, data: {}, selected: true },
  {
    id: "hook", type: "action", position: { x: 10, y: 20 }, selected: true,
    data: { actionType: "webhook", config: { url: "https://example.com/in?token=abc", headers: { "X-Api-Key": "s3cret" }, payload: { job: "{{ job.id }}", owner: "8f14e45f-ceea-467f-a0e6-1a2b3c4d5e6f" } } },
  },
  { id: "assign", type: "action", position: { x: 10, y: 140 }, selected: true, data: { actionType: "assign_technician", config: { technicianId: "8f14e45f-ceea-467f-a0e6-1a2b3c4d5e6f" } } },
  { id: "other", type: "action", position: { x: 10, y: 260 }, data: { actionType: "create_task", config: { title: "x" } } },
];
const edges = [
  { id: "trigger->hook", source: "trigger", target: "hook" },
  { id: "hook->assign", source: "hook", target: "assign" },
  { id: "assign->other", source: "assign", target: "other" },
];

describe("copy and paste", () => {
  it("copies the selected steps (not the trigger) and the edges among them", () => {
    const copied = copySteps(nodes, edges, "org-a")!;
    expect(copied.nodes.map((n) => n.id)).toEqual(["hook", "assign"]);
    expect(copied.edges.map((e) => e.id)).toEqual(["hook->assign"]);
    expect(recall(JSON.stringify(copied))?.nodes).toHaveLength(2);
    expect(recall("not ours")).toBeNull();
  });

  it("pastes with new ids, offset, in the same organization keeping every setting", () => {
    const copied = copySteps(nodes, edges, "org-a")!;
    const pasted = pasteSteps(copied, nodes.map((n) => n.id), "org-a");
    expect(pasted.nodes.map((n) => n.id)).toEqual(["hook-2", "assign-2"]);
    expect(pasted.nodes[0]!.position).toEqual({ x: 50, y: 60 });
    expect(pasted.edges).toEqual([{ id: "hook-2->assign-2", source: "hook-2", target: "assign-2", sourceHandle: null }]);
    expect(pasted.nodes[0]!.data).toEqual(nodes[1]!.data);
    expect(pasted.cleaned).toBe(false);
  });

  it("carries no ids or secrets into another organization", () => {
    const copied = copySteps(nodes, edges, "org-a")!;
    const pasted = pasteSteps(copied, [], "org-b");
    expect(pasted.cleaned).toBe(true);
    expect(pasted.nodes[0]!.data.config).toEqual({ url: "https://example.com/in", headers: { "X-Api-Key": "" }, payload: { job: "{{ job.id }}" } });
    expect(pasted.nodes[1]!.data.config).toEqual({});
    expect(JSON.stringify(pasted)).not.toContain("8f14e45f");
    expect(JSON.stringify(pasted)).not.toContain("s3cret");
  });
});
