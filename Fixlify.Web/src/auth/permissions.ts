import { useCaller } from "../api/queries";
import type { Caller } from "../api/types";

export type Role = Caller["role"];

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/** What the signed-in person may do, from their role, and why not in words (the API refuses the same, ADR 0020). */
export type Permissions = {
  role: Role;
  /** Build, save, delete, switch on or off, try, backtest and run automations; cancel or retry executions: editors and above. */
  canEdit: boolean;
  /** Change SMS suppressions, settings and erase clients' data: admins and the owner. */
  canManage: boolean;
  /** Why a viewer cannot change automations: a disabled control's title, and the builder's read-only notice. */
  editRefusal: string | null;
};

export function permissionsOf(role: Role): Permissions {
  const canEdit = rank[role] >= rank.editor;
  return {
    role,
    canEdit,
    canManage: rank[role] >= rank.admin,
    editRefusal: canEdit ? null : "Viewers can't change automations: ask an editor, an admin or the owner.",
  };
}

/** The caller's permissions; while the caller is loading, nothing is allowed (the screens wait for it anyway). */
export function usePermissions(): Permissions {
  return permissionsOf(useCaller().data?.role ?? "viewer");
}
