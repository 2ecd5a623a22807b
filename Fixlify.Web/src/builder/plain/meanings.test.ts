import { describe, expect, it } from "vitest";
import { intentsOf, meaningName, meaningRows, meaningWords, repliesOf, repliesText } from "./meanings";

const known = [
  { value: "confirm", label: "Confirmed" },
  { value: "reschedule", label: "Wants another time" },
];

describe("what replies mean", () => {
  it("shows each meaning in words and stores the name the engine reads", () => {
    expect(meaningWords("confirm", known)).toBe("Confirmed");
    expect(meaningWords("running_late", known)).toBe("running late");
    expect(meaningName("Confirmed", known)).toBe("confirm");
    expect(meaningName("Running late!", known)).toBe("running_late");
    expect(meaningName(meaningWords("running_late", known), known)).toBe("running_late");
  });

  it("writes an untouched step's meanings back byte for byte", () => {
    const intents = { confirm: ["C", "YES", "OK"], running_late: ["LATE", "5 MIN"] };
    expect(JSON.stringify(intentsOf(meaningRows(intents)))).toBe(JSON.stringify(intents));
    expect(repliesOf(repliesText(intents.running_late))).toEqual(intents.running_late);
    expect(repliesOf(" C ,, yes ")).toEqual(["C", "yes"]);
  });
});
