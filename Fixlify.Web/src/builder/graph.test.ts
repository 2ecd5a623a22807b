import { describe, expect, it } from "vitest";
import { toDefinition, toGraph, freshId, openHandles } from "./graph";
import { layOut } from "./layout";

const saved = {
  nodes: [
    { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, data: {} },
    { id: "wait", type: "delay", position: { x: 0, y: 150 }, data: { label: "Wait 2 hours", config: { duration: "PT2H" } } },
    { id: "opted", type: "condition", position: { x: 0, y: 300 }, data: { config: { all: [{ field: "client.sms_opt_out", op: "eq", value: false }] } } },
    { id: "sms", type: "action", position: { x: -150, y: 450 }, data: { actionType: "send_sms", config: { message: "Thanks {{ client.first_name }}" }, retry: { maxAttempts: 2 } } },
    { id: "email", type: "action", position: { x: 150, y: 450 }, data: { actionType: "send_email", config: { subject: "Thanks", text: "Hi" }, continueOnError: true } },
  ],
  edges: [
    { id: "trigger->wait", source: "trigger", target: "wait" },
    { id: "wait->opted", source: "wait", target: "opted" },
    { id: "opted:true->sms", source: "opted", target: "sms", sourceHandle: "true" },
    { id: "opted:false->email", source: "opted", target: "email", sourceHandle: "false" },
  ],
};

describe("graph ↔ definition", () => {
  it("a saved graph comes back unchanged: nodes, positions, data and edges", () => {
    const graph = toGraph(saved);
    expect(graph.laidOut).toBe(false);
    expect(toDefinition(graph.nodes, graph.edges)).toEqual(saved);
  });

  it("round-trips through the canvas's own state (selection, size) without carrying it", () => {
    const graph = toGraph(saved);
    const touched = graph.nodes.map((n) => ({ ...n, selected: true, measured: { width: 240, height: 90 }, dragging: false }));
    expect(toDefinition(touched, graph.edges.map((e) => ({ ...e, selected: true, animated: true })))).toEqual(saved);
  });

  it("a graph without positions is marked for layout, and the layout places every node below the trigger", () => {
    const graph = toGraph({ nodes: saved.nodes.map(({ position: _p, ...n }) => n), edges: saved.edges });
    expect(graph.laidOut).toBe(true);
    const placed = layOut(graph.nodes, graph.edges);
    const y = Object.fromEntries(placed.map((n) => [n.id, n.position.y]));
    expect(y.wait).toBeGreaterThan(y.trigger!);
    expect(y.opted).toBeGreaterThan(y.wait!);
    expect(y.sms).toBe(y.email);
    const x = Object.fromEntries(placed.map((n) => [n.id, n.position.x]));
    expect(x.sms).not.toBe(x.email);
  });

  it("linear steps become nodes with the compiler's ids and the edges their order implies", () => {
    const graph = toGraph({
      steps: [
        { type: "delay", config: { duration: "PT2H" } },
        {
          id: "check",
          type: "condition",
          config: { all: [{ field: "job.status", op: "eq", value: "completed" }] },
          then: [{ type: "action", actionType: "send_sms", config: { message: "Hi" } }],
          else: [],
        },
        { type: "loop", config: { times: 2 }, body: [{ type: "action", actionType: "create_task", config: { title: "x" } }] },
        { id: "last", type: "action", actionType: "send_email", label: "Last", config: { subject: "s", text: "t" }, retry: { maxAttempts: 1 } },
      ],
    });
    expect(graph.laidOut).toBe(true);
    expect(graph.nodes.map((n) => [n.id, n.type])).toEqual([
      ["trigger", "trigger"],
      ["step-0", "delay"],
      ["check", "condition"],
      ["step-1-then-0", "action"],
      ["step-2", "loop"],
      ["step-2-body-0", "action"],
      ["last", "action"],
    ]);
    expect(graph.edges.map((e) => `${e.source}${e.sourceHandle ? `:${e.sourceHandle}` : ""}>${e.target}`).sort()).toEqual([
      "check:false>step-2",
      "check:true>step-1-then-0",
      "step-0>check",
      "step-1-then-0>step-2",
      "step-2:body>step-2-body-0",
      "step-2:done>last",
      "trigger>step-0",
    ]);
    const last = graph.nodes.find((n) => n.id === "last")!;
    expect(last.data).toEqual({ actionType: "send_email", label: "Last", config: { subject: "s", text: "t" }, retry: { maxAttempts: 1 } });
    // Saved as a graph and read again: the same graph.
    const again = toGraph(toDefinition(graph.nodes, graph.edges));
    expect(toDefinition(again.nodes, again.edges)).toEqual(toDefinition(graph.nodes, graph.edges));
  });

  it("names new nodes without clashes and knows which handles are still free", () => {
    expect(freshId("Send email", ["send-email", "send-email-2"])).toBe("send-email-3");
    const graph = toGraph(saved);
    const condition = graph.nodes.find((n) => n.id === "opted")!;
    expect(openHandles(condition, graph.edges.filter((e) => e.sourceHandle !== "false"), ["true", "false"])).toEqual(["false"]);
  });
});
