import type { RouterInputs } from "@conduit/api";

type In = RouterInputs;
/** A procedure's dotted path: "articles.get". */
export type ProcedurePath = { [D in keyof In]: `${D & string}.${keyof In[D] & string}` }[keyof In];
type InputOf<P extends ProcedurePath> = P extends `${infer D}.${infer N}`
  ? D extends keyof In
    ? N extends keyof In[D]
      ? In[D][N]
      : never
    : never
  : never;
/**
 * What a row hands its procedure: the input's own fields, values still unchecked (the
 * procedure's zod schema validates them, and answers 422 for what is wrong).
 */
type Unchecked<T> = [T] extends [object] ? { [K in keyof T]?: unknown } : undefined;
/** `R` as `T`, with no field `T` lacks: a misspelt or unknown field is a compile error. */
type Exactly<R, T> = [R] extends [object] ? R & T & Record<Exclude<keyof R, keyof T>, never> : R & T;

export interface RestRequest<Body = Record<string, unknown>> {
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The request body's object under the spec's key (`{"user": {...}}` gives the inner object). */
  body: Body;
}

/** The keys the RealWorld spec wraps bodies in. */
type BodyKey = "user" | "article" | "comment";
type ResponseKey = BodyKey | "profile" | "comments" | "tags";

/** One row of the table, as the plugin and the OpenAPI document read it. */
export interface RestRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Fastify path under /api. */
  url: string;
  procedure: ProcedurePath;
  summary: string;
  tag: string;
  status: 200 | 201 | 204;
  auth: "required" | "optional" | "none";
  /** The key the spec wraps the request body in, if it has a body. */
  bodyKey?: BodyKey;
  /** The key the spec wraps the response in; without one the output is the body itself (the article pages), or there is none (204). */
  responseKey?: ResponseKey;
  input: (req: RestRequest) => unknown;
}

/** A row whose input is built from its own procedure's fields, and only those. */
const route = <P extends ProcedurePath, R>(
  row: Omit<RestRoute, "procedure" | "input"> & {
    procedure: P;
    input: (req: RestRequest<Unchecked<InputOf<P>>>) => Exactly<R, Unchecked<InputOf<P>>>;
  },
): RestRoute => row;
const optional = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
const page = (q: RestRequest["query"]) => ({ limit: optional(q.limit), offset: optional(q.offset), before: optional(q.before) });

/**
 * The RealWorld REST surface as a table over the tRPC procedures: each row says which procedure
 * serves a path, how the request maps to its input, and what key its output is wrapped in.
 * Validation, authorization and queries all stay in the procedure; the OpenAPI document is built
 * from this table and the procedures' zod schemas. A table reads best one route to a row, so
 * Prettier leaves it as laid out.
 */
// prettier-ignore
export const restRoutes: RestRoute[] = [
  route({ method: "POST", url: "/users/login", procedure: "users.login", summary: "Log in", tag: "User and Authentication", status: 200, auth: "none",
    bodyKey: "user", input: (r) => r.body, responseKey: "user" }),
  route({ method: "POST", url: "/users", procedure: "users.register", summary: "Register", tag: "User and Authentication", status: 201, auth: "none",
    bodyKey: "user", input: (r) => r.body, responseKey: "user" }),
  route({ method: "GET", url: "/user", procedure: "users.me", summary: "Current user", tag: "User and Authentication", status: 200, auth: "required",
    input: () => undefined, responseKey: "user" }),
  route({ method: "PUT", url: "/user", procedure: "users.update", summary: "Update user", tag: "User and Authentication", status: 200, auth: "required",
    bodyKey: "user", input: (r) => r.body, responseKey: "user" }),

  route({ method: "GET", url: "/profiles/:username", procedure: "profiles.get", summary: "Get a profile", tag: "Profile", status: 200, auth: "optional",
    input: (r) => ({ username: r.params.username }), responseKey: "profile" }),
  route({ method: "POST", url: "/profiles/:username/follow", procedure: "profiles.follow", summary: "Follow a user", tag: "Profile", status: 200, auth: "required",
    input: (r) => ({ username: r.params.username }), responseKey: "profile" }),
  route({ method: "DELETE", url: "/profiles/:username/follow", procedure: "profiles.unfollow", summary: "Unfollow a user", tag: "Profile", status: 200, auth: "required",
    input: (r) => ({ username: r.params.username }), responseKey: "profile" }),

  route({ method: "GET", url: "/articles/feed", procedure: "articles.feed", summary: "Feed of followed authors", tag: "Articles", status: 200, auth: "required",
    input: (r) => page(r.query) }),
  route({ method: "GET", url: "/articles", procedure: "articles.list", summary: "List articles", tag: "Articles", status: 200, auth: "optional",
    input: (r) => ({ tag: optional(r.query.tag), author: optional(r.query.author), favorited: optional(r.query.favorited), ...page(r.query) }) }),
  route({ method: "GET", url: "/articles/:slug", procedure: "articles.get", summary: "Get an article", tag: "Articles", status: 200, auth: "optional",
    input: (r) => ({ slug: r.params.slug }), responseKey: "article" }),
  route({ method: "POST", url: "/articles", procedure: "articles.create", summary: "Create an article", tag: "Articles", status: 201, auth: "required",
    bodyKey: "article", input: (r) => r.body, responseKey: "article" }),
  route({ method: "PUT", url: "/articles/:slug", procedure: "articles.update", summary: "Update an article", tag: "Articles", status: 200, auth: "required",
    bodyKey: "article", input: (r) => ({ ...r.body, slug: r.params.slug }), responseKey: "article" }),
  route({ method: "DELETE", url: "/articles/:slug", procedure: "articles.delete", summary: "Delete an article", tag: "Articles", status: 204, auth: "required",
    input: (r) => ({ slug: r.params.slug }) }),

  route({ method: "GET", url: "/articles/:slug/comments", procedure: "comments.list", summary: "Comments of an article", tag: "Comments", status: 200, auth: "optional",
    input: (r) => ({ slug: r.params.slug }), responseKey: "comments" }),
  route({ method: "POST", url: "/articles/:slug/comments", procedure: "comments.add", summary: "Comment on an article", tag: "Comments", status: 201, auth: "required",
    bodyKey: "comment", input: (r) => ({ ...r.body, slug: r.params.slug }), responseKey: "comment" }),
  route({ method: "DELETE", url: "/articles/:slug/comments/:id", procedure: "comments.delete", summary: "Delete a comment", tag: "Comments", status: 204, auth: "required",
    input: (r) => ({ slug: r.params.slug, id: r.params.id }) }),

  route({ method: "POST", url: "/articles/:slug/favorite", procedure: "articles.favorite", summary: "Favorite an article", tag: "Favorites", status: 200, auth: "required",
    input: (r) => ({ slug: r.params.slug }), responseKey: "article" }),
  route({ method: "DELETE", url: "/articles/:slug/favorite", procedure: "articles.unfavorite", summary: "Unfavorite an article", tag: "Favorites", status: 200, auth: "required",
    input: (r) => ({ slug: r.params.slug }), responseKey: "article" }),

  route({ method: "GET", url: "/tags", procedure: "tags.list", summary: "Every tag in use", tag: "Tags", status: 200, auth: "none",
    input: () => undefined, responseKey: "tags" }),
];
