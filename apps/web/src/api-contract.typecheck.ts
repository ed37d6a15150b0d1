import type { RouterOutputs } from "@conduit/api";
import type { Article, ArticlePreview } from "./trpc.ts";

/**
 * Checked by `pnpm typecheck`, never run: the web app's types come from the server's procedures.
 * If a procedure's output changes (a field renamed, a type changed), these lines stop compiling,
 * as does every component that reads the field.
 */
export const favoritesCountIsANumber: Article["favoritesCount"] = 1;
// @ts-expect-error favoritesCount is a number, not a string
export const favoritesCountIsNotAString: Article["favoritesCount"] = "1";
// @ts-expect-error lists leave the body out
export const listsHaveNoBody: ArticlePreview["body"] = "";
export const theCurrentUserHasAToken: RouterOutputs["users"]["me"]["token"] = "t";
