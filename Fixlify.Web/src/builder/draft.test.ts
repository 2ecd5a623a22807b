import { describe, expect, it } from "vitest";
import { bodyOf, differences, keyOf, type Draft } from "./draft";

const base: Draft = {
  name: "Thanks",
  triggerType: "job_completed",
  triggerConfig: {},
  schedule: null,
  nodes: [
    { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, data: {} },
    { id: "sms", type: "action", position: { x: 0, y: 100 }, data: { actionType: "send_sms", config: { message: "Hi" } } },
  ],
  edges: [{ id: "trigger->sms", source: "trigger", target: "sms" }],
};

describe("drafts", () => {
  it("save as a graph with no linear steps, and selection does not make them differ", () => {
    expect(bodyOf(base).steps).toEqual([]);
    expect(keyOf({ ...base, nodes: base.nodes.map((n) => ({ ...n, selected: true })) })).toBe(keyOf(base));
  });

  it("name what differs from someone else's save", () => {
    const theirs: Draft = {
      ...base,
      name: "Thank you",
      nodes: [base.nodes[0]!, { ...base.nodes[1]!, data: { actionType: "send_sms", config: { message: "Hello" } } }, { id: "task", type: "action", position: { x: 0, y: 0 }, data: {} }],
      edges: [...base.edges, { id: "sms->task", source: "sms", target: "task" }],
    };
    expect(differences(bodyOf(base), bodyOf(theirs))).toEqual([
      "Name: theirs “Thank you”, yours “Thanks”",
      "Step “sms”: settings differ",
      "Step “task”: only in theirs",
      "Link sms → task: only in theirs",
    ]);
    expect(differences(bodyOf(base), bodyOf(base))).toEqual([]);
  });
});
