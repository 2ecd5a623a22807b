import { describe, expect, it } from "vitest";
import { insertVariable, suggestionsAt } from "./variables";

const variables = ["client.first_name", "client.email", "job.title", "job.completed_at"];

describe("template variable suggestions", () => {
  it("suggest the variables matching what was typed after an open tag", () => {
    expect(suggestionsAt("Hi {{ cli", 9, variables)?.matches).toEqual(["client.first_name", "client.email"]);
    expect(suggestionsAt("Hi {{ ", 6, variables)?.matches).toEqual(variables);
    expect(suggestionsAt("Hi {{ title", 11, variables)?.matches).toEqual(["job.title"]);
    expect(suggestionsAt("Hi {{ client.email }} ok", 24, variables)).toBeNull();
    expect(suggestionsAt("Hi {{ job.title | upcase", 24, variables)).toBeNull();
    expect(suggestionsAt("Hello", 5, variables)).toBeNull();
  });

  it("insert the chosen one and close the tag", () => {
    const at = suggestionsAt("Hi {{ cli", 9, variables)!;
    expect(insertVariable("Hi {{ cli", 9, at.start, "client.first_name")).toEqual({ text: "Hi {{ client.first_name }}", caret: 26 });
    expect(insertVariable("Hi {{}}", 5, 5, "job.title").text).toBe("Hi {{ job.title}}");
  });
});
