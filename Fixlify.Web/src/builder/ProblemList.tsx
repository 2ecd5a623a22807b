import type { PlacedProblem } from "./problems";
import { fieldWords } from "./words/plainWords";

/** Every problem of the draft, each a button that selects its step and goes to its field. */
export function ProblemList({ problems, titleOf, onGo }: { problems: PlacedProblem[]; titleOf: (nodeId: string) => string; onGo: (problem: PlacedProblem) => void }) {
  if (problems.length === 0) {
    return null;
  }
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        {problems.length === 1 ? "1 problem" : `${problems.length} problems`} to fix before saving
      </h2>
      <ul>
        {problems.map((problem, index) => (
          <li key={`${problem.path}-${index}`}>
            <button type="button" className="link-button" onClick={() => onGo(problem)}>
              {problem.nodeId ? titleOf(problem.nodeId) : "Workflow"}
              {problem.field && problem.nodeId && fieldWords(problem.field) ? ` · ${fieldWords(problem.field)}` : ""}
            </button>
            : {problem.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
