import type { StepNode } from "./graph";

export type FieldProblem = { path: string; message: string };

/** A problem placed: on a node (with the field inside its data, e.g. `config.subject`), or on the workflow as a whole. */
export type PlacedProblem = FieldProblem & { nodeId: string | null; field: string | null };

/**
 * Puts each `{path, message}` of the validation where it belongs: `nodes[3].data.config.subject` on the fourth node's
 * `config.subject`; `triggerConfig.*`, `schedule.*` and `triggerType` on the trigger node; `edges[2]` on the node the edge
 * leaves; anything else (`name`, `nodes`) on the workflow.
 */
export function placeProblems(problems: FieldProblem[], nodes: StepNode[], edgeSources: string[], triggerNodeId: string | null): PlacedProblem[] {
  return problems.map((problem) => {
    const node = /^nodes\[(\d+)\](?:\.data)?(?:\.(.+))?$/.exec(problem.path);
    if (node) {
      const target = nodes[Number(node[1])];
      return { ...problem, nodeId: target?.id ?? null, field: node[2] ?? null };
    }
    const edge = /^edges\[(\d+)\]/.exec(problem.path);
    if (edge) {
      return { ...problem, nodeId: edgeSources[Number(edge[1])] ?? null, field: null };
    }
    if (/^(triggerConfig|schedule|triggerType)(\.|$)/.test(problem.path)) {
      return { ...problem, nodeId: triggerNodeId, field: problem.path };
    }
    return { ...problem, nodeId: null, field: problem.path };
  });
}

/**
 * The problems of one form as rjsf's `extraErrors`: `config.subject` under prefix `config` → `{subject: {__errors: [...]}}`;
 * `config.channels[0]` → under `channels`; a problem of the whole object (`config`) → the root's `__errors`.
 */
export function formErrors(problems: PlacedProblem[], prefix: string): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  const add = (keys: string[], message: string) => {
    let at = errors as Record<string, unknown>;
    for (const key of keys) {
      at = (at[key] ??= {}) as Record<string, unknown>;
    }
    ((at.__errors ??= []) as string[]).push(message);
  };
  for (const problem of problems) {
    const field = problem.field ?? "";
    if (field === prefix) {
      add([], problem.message);
    } else if (field.startsWith(`${prefix}.`)) {
      const keys = field.slice(prefix.length + 1).split(".").map((k) => k.replace(/\[\d+\]$/, ""));
      add(keys, problem.message);
    }
  }
  return errors;
}
