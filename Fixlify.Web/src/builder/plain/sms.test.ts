import { describe, expect, it } from "vitest";
import { countSms, smsWords } from "./sms";

describe("SMS characters and segments", () => {
  it.each([
    ["", "GSM-7", 0, 0],
    ["Hi", "GSM-7", 2, 1],
    ["a".repeat(160), "GSM-7", 160, 1],
    ["a".repeat(161), "GSM-7", 161, 2],
    ["a".repeat(306), "GSM-7", 306, 2],
    ["a".repeat(307), "GSM-7", 307, 3],
    ["€".repeat(80), "GSM-7", 160, 1],
    ["a".repeat(152) + "€" + "a".repeat(152), "GSM-7", 306, 3],
    ["Hi 👋", "UCS-2", 5, 1],
    ["ł".repeat(70), "UCS-2", 70, 1],
    ["ł".repeat(71), "UCS-2", 71, 2],
    ["a".repeat(66) + "😀" + "a".repeat(10), "UCS-2", 78, 2],
  ])("count %j as %s, %i units, %i segments", (text, encoding, units, segments) => {
    expect(countSms(text)).toMatchObject({ encoding, units, segments });
  });

  it("say in words why a text costs more", () => {
    expect(smsWords(countSms("See you tomorrow 👍" + "a".repeat(60)))).toBe(
      "79 characters · 2 texts: the emoji makes this a Unicode message (70 characters a text, 67 each when split).",
    );
    expect(smsWords(countSms("Café ł"))).toContain("the character “ł” makes this a Unicode message");
    expect(smsWords(countSms("a".repeat(200)))).toBe("200 characters · 2 texts: over 160 characters, a long text goes in parts of 153.");
    expect(smsWords(countSms("Hello"))).toBe("5 characters of 160 · 1 text.");
    expect(smsWords(countSms(""))).toBe("Empty: write the text the client will receive.");
  });
});
