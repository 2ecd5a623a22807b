import { describe, expect, it } from "vitest";
import { catalogFixture } from "./catalogFixture";
import { chipLabel, earlierSteps, menuLabel, menuOf } from "./menu";

describe("the menu of fields", () => {
  it("lists the trigger's records by label, hides ids, then the figures its event carries and earlier steps' results in words", () => {
    const menu = menuOf(catalogFixture, "invoice_overdue", [
      { id: "reply", type: "wait_for_reply", label: "The client's reply" },
      { id: "text", type: "action", actionType: "send_sms" },
    ]);
    expect(menu.map(menuLabel)).toEqual([
      "Organization › Name",
      "Client › First name",
      "Client › Email",
      "Invoice › Status",
      "Invoice › Total",
      "Invoice › Due date",
      "Invoice › Days past due",
      "The client's reply › What they meant",
      "The client's reply › What they wrote",
      "The client's reply › No answer in time",
      "The client's reply › When they answered",
    ]);
    expect(menu.find((m) => m.path === "steps.reply.intent")!.choices.map((c) => c.label)).toEqual(["Confirmed", "Wants to cancel"]);
    expect(chipLabel(menu[1]!)).toBe("Client's first name");
    expect(chipLabel(menu[6]!)).toBe("Invoice's days past due");
    expect(menu[6]!.path).toBe("trigger.daysActuallyOverdue");
    expect(chipLabel(menu[7]!)).toBe("The client's reply: what they meant");
  });

  it("takes only the steps a path leads from", () => {
    const nodes = [{ id: "trigger" }, { id: "a" }, { id: "b" }, { id: "c" }];
    const edges = [
      { source: "trigger", target: "a" },
      { source: "a", target: "b" },
      { source: "trigger", target: "c" },
    ];
    expect(earlierSteps("b", nodes, edges).map((n) => n.id)).toEqual(["trigger", "a"]);
  });
});
