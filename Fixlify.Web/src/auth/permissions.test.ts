import { describe, expect, it } from "vitest";
import { permissionsOf } from "./permissions";

describe("permissionsOf", () => {
  it("lets a viewer only read, saying why", () => {
    const viewer = permissionsOf("viewer");
    expect(viewer.canEdit).toBe(false);
    expect(viewer.canManage).toBe(false);
    expect(viewer.editRefusal).toBe("Viewers can't change automations: ask an editor, an admin or the owner.");
  });

  it("lets an editor change automations but not manage", () => {
    expect(permissionsOf("editor")).toMatchObject({ canEdit: true, canManage: false, editRefusal: null });
  });

  it.each(["admin", "owner"] as const)("lets an %s do everything", (role) => {
    expect(permissionsOf(role)).toMatchObject({ canEdit: true, canManage: true });
  });
});
