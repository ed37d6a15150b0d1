import { describe, expect, it } from "vitest";
import type { Article, ArticlePreview, CurrentUser } from "./trpc.ts";

/**
 * Part of `pnpm typecheck`: the web app's types come from the server's procedures. If a
 * procedure's output changes (a field renamed, a type changed), these lines stop compiling, as
 * does every component that reads the field.
 */
describe("the API contract as the web app sees it", () => {
  it("types article fields from the procedures' output schemas", () => {
    const count: Article["favoritesCount"] = 1;
    // @ts-expect-error favoritesCount is a number, not a string
    const wrong: Article["favoritesCount"] = "1";
    // @ts-expect-error lists leave the body out
    const body: ArticlePreview["body"] = "";
    const token: CurrentUser["token"] = "t";
    expect([count, wrong, body, token]).toHaveLength(4);
  });
});
