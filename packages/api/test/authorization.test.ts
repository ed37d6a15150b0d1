import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { outcome, useApi, type Caller } from "./harness.ts";

type Who = "anonymous" | "another user" | "owner";

/** Every write, called by each kind of caller: what each one gets. */
const matrix: { write: string; expected: Record<Who, string>; run: (as: Caller, slug: string, commentId: number) => Promise<unknown> }[] = [
  {
    write: "articles.create",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK" },
    run: (c) => c.articles.create({ title: "t", description: "d", body: "b" }),
  },
  {
    write: "articles.update",
    expected: { anonymous: "UNAUTHORIZED", "another user": "FORBIDDEN", owner: "OK" },
    run: (c, slug) => c.articles.update({ slug, body: "changed" }),
  },
  {
    write: "articles.favorite",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK" },
    run: (c, slug) => c.articles.favorite({ slug }),
  },
  {
    write: "articles.unfavorite",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK" },
    run: (c, slug) => c.articles.unfavorite({ slug }),
  },
  {
    write: "comments.add",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK" },
    run: (c, slug) => c.comments.add({ slug, body: "hi" }),
  },
  {
    write: "comments.delete",
    expected: { anonymous: "UNAUTHORIZED", "another user": "FORBIDDEN", owner: "OK" },
    run: (c, slug, id) => c.comments.delete({ slug, id }),
  },
  {
    write: "profiles.follow",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "BAD_REQUEST" },
    run: (c) => c.profiles.follow({ username: "owner" }),
  },
  {
    write: "profiles.unfollow",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK" },
    run: (c) => c.profiles.unfollow({ username: "owner" }),
  },
  {
    write: "users.update",
    expected: { anonymous: "UNAUTHORIZED", "another user": "OK", owner: "OK" },
    run: (c) => c.users.update({ bio: "bio" }),
  },
  {
    write: "articles.delete",
    expected: { anonymous: "UNAUTHORIZED", "another user": "FORBIDDEN", owner: "OK" },
    run: (c, slug) => c.articles.delete({ slug }),
  },
];

describe.each(await testProviders())("authorization of every write on %s", (provider) => {
  const api = useApi(provider);

  it("gives anonymous callers 401, other users 403 on what they do not own, and owners success", async () => {
    const owner = await api.signUp("owner");
    const other = await api.signUp("other");
    const { slug } = await owner.api.articles.create({ title: "Owned", description: "d", body: "original" });
    const { id: commentId } = await owner.api.comments.add({ slug, body: "owned comment" });
    const callers: Record<Who, Caller> = { anonymous: api.anonymous(), "another user": other.api, owner: owner.api };

    const results: Record<string, Record<Who, string>> = {};
    for (const { write, run } of matrix) {
      results[write] = {} as Record<Who, string>;
      for (const who of ["anonymous", "another user", "owner"] as Who[]) {
        results[write][who] = await outcome(run(callers[who], slug, commentId));
        // A refused write changed nothing.
        if (write === "articles.update" && who !== "owner") expect((await api.anonymous().articles.get({ slug })).body).toBe("original");
      }
    }
    expect(results).toEqual(Object.fromEntries(matrix.map((m) => [m.write, m.expected])));
  });
});
