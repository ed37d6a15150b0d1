import { createTRPCContext } from "@trpc/tanstack-react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@conduit/api";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * Calls are batched (same cap as the server's maxBatchSize; URL cap below Fastify's default
 * limits). Subscriptions are server-sent events on the same origin, so the session cookie goes
 * with them; a page opens one (live.events carries every topic it shows), keeping well inside
 * a browser's six HTTP/1.1 connections per origin across tabs.
 */
export function createClient(url = "/trpc") {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url, maxItems: 10, maxURLLength: 2000, fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }) }),
      }),
    ],
  });
}

/** The API's own output types: no hand-written copies of them anywhere in the app. */
export type Outputs = inferRouterOutputs<AppRouter>;
export type ArticlePreview = Outputs["articles"]["list"]["articles"][number];
export type Article = Outputs["articles"]["get"];
export type Profile = Outputs["profiles"]["get"];
export type CurrentUser = Outputs["users"]["me"];
