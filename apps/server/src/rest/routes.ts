import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@conduit/api";

type In = inferRouterInputs<AppRouter>;
type Out = inferRouterOutputs<AppRouter>;
type Path = { [D in keyof In]: `${D & string}.${keyof In[D] & string}` }[keyof In];
type Domain<P> = P extends `${infer D}.${string}` ? D & keyof In & keyof Out : never;
type Name<P> = P extends `${string}.${infer N}` ? N : never;
type InputOf<P extends Path> = In[Domain<P>][Name<P> & keyof In[Domain<P>]];
type OutputOf<P extends Path> = Out[Domain<P>][Name<P> & keyof Out[Domain<P>]];

export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** The request body's object under the spec's key (`{"user": {...}}` gives the inner object). */
  body: Record<string, unknown>;
}

export interface RestRoute<P extends Path = Path> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Fastify path under /api. */
  url: string;
  procedure: P;
  summary: string;
  tag: string;
  status: 200 | 201 | 204;
  auth: "required" | "optional" | "none";
  /** The key the spec wraps the request body in. */
  bodyKey?: "user" | "article" | "comment";
  input: (req: RestRequest) => InputOf<P>;
  /** The key the spec wraps the response in, or a function for other shapes; none for 204. */
  output?: (result: OutputOf<P>) => unknown;
}

const route = <P extends Path>(r: RestRoute<P>) => r as unknown as RestRoute;
const optional = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

/**
 * The RealWorld REST surface as a table over the tRPC procedures: each row says which procedure
 * serves a path, how the request maps to its input, and how its output is wrapped. Validation,
 * authorization and queries all stay in the procedure; the OpenAPI document is built from this
 * table and the procedures' zod schemas.
 */
export const restRoutes: RestRoute[] = [
  route({ method: "POST", url: "/users/login", procedure: "users.login", summary: "Log in", tag: "User and Authentication", status: 200, auth: "none", bodyKey: "user",
    input: (r) => r.body as never, output: (user) => ({ user }) }),
  route({ method: "POST", url: "/users", procedure: "users.register", summary: "Register", tag: "User and Authentication", status: 201, auth: "none", bodyKey: "user",
    input: (r) => r.body as never, output: (user) => ({ user }) }),
  route({ method: "GET", url: "/user", procedure: "users.me", summary: "Current user", tag: "User and Authentication", status: 200, auth: "required",
    input: () => undefined, output: (user) => ({ user }) }),
  route({ method: "PUT", url: "/user", procedure: "users.update", summary: "Update user", tag: "User and Authentication", status: 200, auth: "required", bodyKey: "user",
    input: (r) => r.body as never, output: (user) => ({ user }) }),

  route({ method: "GET", url: "/profiles/:username", procedure: "profiles.get", summary: "Get a profile", tag: "Profile", status: 200, auth: "optional",
    input: (r) => ({ username: r.params.username! }), output: (profile) => ({ profile }) }),
  route({ method: "POST", url: "/profiles/:username/follow", procedure: "profiles.follow", summary: "Follow a user", tag: "Profile", status: 200, auth: "required",
    input: (r) => ({ username: r.params.username! }), output: (profile) => ({ profile }) }),
  route({ method: "DELETE", url: "/profiles/:username/follow", procedure: "profiles.unfollow", summary: "Unfollow a user", tag: "Profile", status: 200, auth: "required",
    input: (r) => ({ username: r.params.username! }), output: (profile) => ({ profile }) }),

  route({ method: "GET", url: "/articles/feed", procedure: "articles.feed", summary: "Feed of followed authors", tag: "Articles", status: 200, auth: "required",
    input: (r) => ({ limit: optional(r.query.limit), offset: optional(r.query.offset), before: optional(r.query.before) }) as never, output: (page) => page }),
  route({ method: "GET", url: "/articles", procedure: "articles.list", summary: "List articles", tag: "Articles", status: 200, auth: "optional",
    input: (r) => ({ tag: optional(r.query.tag), author: optional(r.query.author), favorited: optional(r.query.favorited), before: optional(r.query.before), limit: optional(r.query.limit), offset: optional(r.query.offset) }) as never,
    output: (page) => page }),
  route({ method: "GET", url: "/articles/:slug", procedure: "articles.get", summary: "Get an article", tag: "Articles", status: 200, auth: "optional",
    input: (r) => ({ slug: r.params.slug! }), output: (article) => ({ article }) }),
  route({ method: "POST", url: "/articles", procedure: "articles.create", summary: "Create an article", tag: "Articles", status: 201, auth: "required", bodyKey: "article",
    input: (r) => r.body as never, output: (article) => ({ article }) }),
  route({ method: "PUT", url: "/articles/:slug", procedure: "articles.update", summary: "Update an article", tag: "Articles", status: 200, auth: "required", bodyKey: "article",
    input: (r) => ({ ...r.body, slug: r.params.slug! }) as never, output: (article) => ({ article }) }),
  route({ method: "DELETE", url: "/articles/:slug", procedure: "articles.delete", summary: "Delete an article", tag: "Articles", status: 204, auth: "required",
    input: (r) => ({ slug: r.params.slug! }) }),

  route({ method: "GET", url: "/articles/:slug/comments", procedure: "comments.list", summary: "Comments of an article", tag: "Comments", status: 200, auth: "optional",
    input: (r) => ({ slug: r.params.slug! }), output: (comments) => ({ comments }) }),
  route({ method: "POST", url: "/articles/:slug/comments", procedure: "comments.add", summary: "Comment on an article", tag: "Comments", status: 201, auth: "required", bodyKey: "comment",
    input: (r) => ({ ...r.body, slug: r.params.slug! }) as never, output: (comment) => ({ comment }) }),
  route({ method: "DELETE", url: "/articles/:slug/comments/:id", procedure: "comments.delete", summary: "Delete a comment", tag: "Comments", status: 204, auth: "required",
    input: (r) => ({ slug: r.params.slug!, id: r.params.id as never }) }),

  route({ method: "POST", url: "/articles/:slug/favorite", procedure: "articles.favorite", summary: "Favorite an article", tag: "Favorites", status: 200, auth: "required",
    input: (r) => ({ slug: r.params.slug! }), output: (article) => ({ article }) }),
  route({ method: "DELETE", url: "/articles/:slug/favorite", procedure: "articles.unfavorite", summary: "Unfavorite an article", tag: "Favorites", status: 200, auth: "required",
    input: (r) => ({ slug: r.params.slug! }), output: (article) => ({ article }) }),

  route({ method: "GET", url: "/tags", procedure: "tags.list", summary: "Every tag in use", tag: "Tags", status: 200, auth: "none",
    input: () => undefined, output: (tags) => ({ tags }) }),
];
