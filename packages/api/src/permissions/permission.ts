/**
 * What a procedure may need: an action on an entity. A role grants it as `<permission>:own` (on
 * what the caller owns) or `<permission>:any` (on anything); the roles and their grants are rows
 * seeded by a migration (prisma/*\/migrations/*_roles_and_permissions).
 */
/** What a member does, on what they own: the `user` role grants each of these `:own`. */
export const memberPermissions = [
  "create:article",
  "update:article",
  "delete:article",
  "favorite:article",
  "create:comment",
  "delete:comment",
  "follow:user",
  "read:feed",
  "read:account",
  "update:account",
  "end:session",
  "create:report",
] as const;

/** Every permission a procedure may declare: a member's, and those only a role grants `:any`. */
export const permissions = [...memberPermissions, "read:audit", "ban:user", "grant:role", "resolve:report"] as const;
export type Permission = (typeof permissions)[number];

/** A procedure's declaration: a permission, or `public` (anyone, signed in or not). */
export type Declaration = Permission | "public";

/**
 * The one rule: `:any` allows the action on anything; `:own` only on what the caller owns.
 * `owned` is undefined where nobody owns the target (a new article is the caller's own).
 */
export function allows(granted: ReadonlySet<string>, permission: Permission, owned = true): boolean {
  return granted.has(`${permission}:any`) || (owned && granted.has(`${permission}:own`));
}
