import { triggerLabel } from "../ui/labels";

/**
 * Who or what started an execution, in words: "Job created" for an event, "Dana Reyes, by hand" for a manual run (the
 * person's name from their sign-in, else "Someone at the office" — never the token's subject), "Run again" for a retry.
 */
export function startedBy(triggerType: string, trigger: unknown): string {
  const t = (typeof trigger === "object" && trigger !== null ? trigger : {}) as Record<string, unknown>;
  if (t.manual === true) {
    const name = typeof t.requestedByName === "string" && t.requestedByName.trim() ? t.requestedByName.trim() : "Someone at the office";
    return `${name}, by hand`;
  }
  return triggerLabel(triggerType);
}
