import { describe, expect, it } from "vitest";
import { durationWords, isoDuration, plainDuration } from "./duration";

describe("durations as a number and a unit", () => {
  it.each([
    ["PT30M", 30, "minutes"],
    ["PT90M", 90, "minutes"],
    ["PT2H", 2, "hours"],
    ["PT48H", 48, "hours"],
    ["P1DT12H", 36, "hours"],
    ["P3D", 3, "days"],
    ["P14D", 2, "weeks"],
    ["-PT24H", 24, "hours"],
  ])("read %s as %i %s", (iso, amount, unit) => {
    expect(plainDuration(iso)).toMatchObject({ amount, unit, negative: iso.startsWith("-") });
  });

  it.each(["PT30M", "PT90M", "PT2H", "PT25H", "P3D", "P14D", "-PT2H", "-P1D", "PT0M"])("round-trip %s unchanged", (iso) => {
    expect(isoDuration(plainDuration(iso)!)).toBe(iso);
  });

  it("write each unit as the engine reads it", () => {
    expect(isoDuration({ amount: 3, unit: "days", negative: false })).toBe("P3D");
    expect(isoDuration({ amount: 2, unit: "weeks", negative: false })).toBe("P14D");
    expect(isoDuration({ amount: 24, unit: "hours", negative: true })).toBe("-PT24H");
    expect(plainDuration(isoDuration({ amount: 24, unit: "hours", negative: false }))).toEqual({ amount: 24, unit: "hours", negative: false });
    expect(durationWords({ amount: 1, unit: "hours", negative: false })).toBe("1 hour");
  });

  it.each(["PT90S", "P1M", "P1Y", "PT1.5H", "P", "PT", "3 days", "", undefined, 5])("leave %s to the code view", (iso) => {
    expect(plainDuration(iso)).toBeNull();
  });
});
