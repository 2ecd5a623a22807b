import { describe, expect, it } from "vitest";
import { formatDuration, formatInstant, formatRate, formatWhen, startOfDayIn, zoneWords } from "./format";

describe("formatInstant", () => {
  it("shows the instant in the organization's zone with the zone's name, whatever the browser's zone", () => {
    expect(formatInstant("2026-01-15T13:00:00Z", "America/New_York")).toBe("Jan 15, 2026, 08:00 EST");
    expect(formatInstant("2026-07-15T13:00:00Z", "America/New_York")).toBe("Jul 15, 2026, 09:00 EDT");
    expect(formatInstant("2026-01-15T13:00:00Z", "Europe/Berlin")).toBe("Jan 15, 2026, 14:00 GMT+1");
    expect(formatInstant(null, "UTC")).toBe("—");
  });
});

describe("formatWhen", () => {
  it("leaves the date out for today in the zone, not in UTC", () => {
    const now = new Date("2026-01-15T03:00:00Z"); // Jan 14, 22:00 in New York
    expect(formatWhen("2026-01-15T02:00:00Z", "America/New_York", now)).toBe("21:00 EST");
    expect(formatWhen("2026-01-15T06:00:00Z", "America/New_York", now)).toBe("Jan 15, 01:00 EST");
  });
});

describe("startOfDayIn", () => {
  it("is midnight of that day in the zone, across a change to summer time", () => {
    expect(startOfDayIn("2026-03-08", "America/New_York")).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayIn("2026-03-09", "America/New_York")).toBe("2026-03-09T04:00:00.000Z");
  });
});

describe("formatDuration and formatRate", () => {
  it("read as a person would say them", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(7_440_000)).toBe("2 h 4 min");
    expect(formatDuration(null)).toBe("—");
    expect(formatRate(0.9666)).toBe("97%");
    expect(formatRate(null)).toBe("—");
  });
});

describe("to the second", () => {
  it("shows seconds in the zone when asked, for the execution screens", () => {
    expect(formatInstant("2026-12-07T17:43:01.6182596Z", "America/New_York", true)).toBe("Dec 7, 2026, 12:43:01 EST");
    const now = new Date("2026-12-07T20:00:00Z");
    expect(formatWhen("2026-12-07T17:43:01Z", "America/New_York", now, true)).toBe("12:43:01 EST");
  });
});

describe("zoneWords", () => {
  it("names a zone as a person does, not by its database id", () => {
    expect(zoneWords("America/New_York")).toBe("Eastern Time");
    expect(zoneWords("America/Chicago")).toBe("Central Time");
    expect(zoneWords("America/New_York")).not.toContain("/");
  });
});
