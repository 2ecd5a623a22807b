import { describe, expect, it } from "vitest";
import { formErrors, placeProblems } from "./problems";
import type { StepNode } from "./graph";

const nodes = [
  { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, data: {} },
  { id: "email", type: "action", position: { x: 0, y: 0 }, data: {} },
] as StepNode[];

describe("validation problems", () => {
  it("go on the node and field their path names", () => {
    const placed = placeProblems(
      [
        { path: "nodes[1].data.config.subject", message: "Required." },
        { path: "nodes[1]", message: "Node 'email' cannot be reached from the trigger." },
        { path: "edges[0].sourceHandle", message: "bad handle" },
        { path: "triggerConfig.daysOverdue", message: "needs it" },
        { path: "name", message: "Required." },
      ],
      nodes,
      ["email"],
      "trigger",
    );
    expect(placed.map((p) => [p.nodeId, p.field])).toEqual([
      ["email", "config.subject"],
      ["email", null],
      ["email", null],
      ["trigger", "triggerConfig.daysOverdue"],
      [null, "name"],
    ]);
  });

  it("become the form's errors under their field", () => {
    const placed = placeProblems(
      [
        { path: "nodes[1].data.config.subject", message: "Required." },
        { path: "nodes[1].data.config.push.title", message: "Must not be empty." },
        { path: "nodes[1].data.config.channels[0]", message: "Unknown channel" },
        { path: "nodes[1].data.config", message: "A delay needs either" },
        { path: "nodes[1].data.retry.maxAttempts", message: "Must be a whole number" },
      ],
      nodes,
      [],
      "trigger",
    );
    expect(formErrors(placed, "config")).toEqual({
      __errors: ["A delay needs either"],
      subject: { __errors: ["Required."] },
      push: { title: { __errors: ["Must not be empty."] } },
      channels: { __errors: ["Unknown channel"] },
    });
    expect(formErrors(placed, "retry")).toEqual({ maxAttempts: { __errors: ["Must be a whole number"] } });
  });
});
