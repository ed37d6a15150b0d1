import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { appRouter } from "../src/root.ts";
import { proceduresOf } from "../src/procedure-at.ts";
import { allows, memberPermissions, permissions } from "../src/permissions/permission.ts";
import { failure, useApi } from "./harness.ts";

/** The procedures anyone may call, signed in or not. A new one must be added here on purpose. */
const publicProcedures = [
  "account.requestPasswordReset",
  "account.resetPassword",
  "articles.get",
  "articles.list",
  "comments.list",
  "connections.completeSignUp",
  "connections.pending",
  "live.events",
  "passkeys.relyingParty",
  "passkeys.signIn",
  "passkeys.signInOptions",
  "profiles.get",
  "security.completeSignIn",
  "tags.list",
  "users.login",
  "users.register",
  "users.whoami",
];

const declarations = [...proceduresOf(appRouter)].map(([path, procedure]) => ({
  path,
  type: procedure.type,
  permission: procedure.meta?.permission,
}));

describe("every procedure declares who may call it", () => {
  it("walks the whole router: queries, mutations and subscriptions", () => {
    expect(new Set(declarations.map((d) => d.type))).toEqual(new Set(["query", "mutation", "subscription"]));
    expect(declarations.length).toBeGreaterThan(20);
  });

  it("finds no procedure without a declaration", () => {
    expect(declarations.filter((d) => d.permission === undefined).map((d) => d.path)).toEqual([]);
  });

  it("finds public only on the procedures listed as public", () => {
    expect(
      declarations
        .filter((d) => d.permission === "public")
        .map((d) => d.path)
        .sort(),
    ).toEqual(publicProcedures);
  });

  it("declares only permissions the permission list knows", () => {
    const known = new Set<string>([...permissions, "public"]);
    expect(declarations.filter((d) => !known.has(d.permission!)).map((d) => `${d.path}: ${d.permission}`)).toEqual([]);
  });
});

describe("the decision", () => {
  it("allows :any on anything and :own only on what the caller owns", () => {
    const member = new Set(["delete:comment:own"]);
    const moderator = new Set(["delete:comment:own", "delete:comment:any"]);
    expect(allows(member, "delete:comment", true)).toBe(true);
    expect(allows(member, "delete:comment", false)).toBe(false);
    expect(allows(moderator, "delete:comment", false)).toBe(true);
    expect(allows(member, "delete:article", true)).toBe(false);
    expect(allows(new Set(), "read:feed", true)).toBe(false);
  });
});

describe.each(await testProviders())("roles in the database on %s", (provider) => {
  const api = useApi(provider);

  it("grant a member every permission a procedure declares, on what they own", async () => {
    const member = await api.signUp("member");
    const rows = await api.db.userRole.findMany({ where: { user: { username: "member" } }, include: { role: true } });
    expect(rows.map((r) => r.role.name)).toEqual(["user"]);
    const granted = await api.db.permission.findMany({ where: { roles: { some: { role: { name: "user" } } } } });
    expect(granted.map((p) => `${p.action}:${p.entity}`).sort()).toEqual([...memberPermissions].sort());
    expect(new Set(granted.map((p) => p.access))).toEqual(new Set(["own"]));
    expect(await member.api.users.me()).toMatchObject({ username: "member" });
  });

  it("refuse a member whose roles grant nothing, with FORBIDDEN and a message naming what they may not do", async () => {
    const member = await api.signUp("stripped");
    await api.db.userRole.deleteMany({ where: { user: { username: "stripped" } } });
    const error = await failure(member.api.articles.create({ title: "t", description: "d", body: "b" }));
    expect([error.code, error.message]).toEqual(["FORBIDDEN", "you may not create articles"]);
    expect(await api.db.article.count({ where: { author: { username: "stripped" } } })).toBe(0);
  });
});
