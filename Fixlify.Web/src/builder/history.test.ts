import { describe, expect, it } from "vitest";
import { record, redo, startHistory, undo, historyLimit } from "./history";

describe("undo and redo", () => {
  it("walks back and forth, and a new edit drops what was undone", () => {
    let h = startHistory("a");
    h = record(h, "b");
    h = record(h, "c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe("b");
    h = record(h, "d");
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
    expect(undo(h).present).toBe("b");
  });

  it("does not record the same state twice and keeps a bounded past", () => {
    let h = startHistory(0);
    expect(record(h, 0)).toBe(h);
    for (let i = 1; i <= historyLimit + 20; i++) {
      h = record(h, i);
    }
    expect(h.past.length).toBe(historyLimit);
  });
});
