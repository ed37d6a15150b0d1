import { createTRPCContext } from "@trpc/tanstack-react-query";
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import type { AppRouter, RouterInputs, RouterOutputs } from "@conduit/api";
import { idempotencyKeyLink, idempotencyKeyOf } from "./lib/idempotency-key-link.ts";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

const sameOrigin: typeof fetch = (input, init) => fetch(input, { ...init, credentials: "same-origin" });

/**
 * Calls are batched (same cap as the server's maxBatchSize; URL cap below Fastify's default
 * limits), except creates: each goes alone with its Idempotency-Key header, since the server
 * keys a whole HTTP request. Subscriptions are server-sent events on the same origin, so the
 * session cookie goes with them; a page opens one (live.events carries every topic it shows),
 * keeping well inside a browser's six HTTP/1.1 connections per origin across tabs.
 */
export function createClient(url = "/trpc") {
  return createTRPCClient<AppRouter>({
    links: [
      idempotencyKeyLink(),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url }),
        false: splitLink({
          condition: (op) => idempotencyKeyOf(op.context) !== undefined,
          true: httpLink({ url, fetch: sameOrigin, headers: ({ op }) => ({ "Idempotency-Key": idempotencyKeyOf(op.context)! }) }),
          false: httpBatchLink({ url, maxItems: 10, maxURLLength: 2000, fetch: sameOrigin }),
        }),
      }),
    ],
  });
}

// The API's own output types: no hand-written copies of them anywhere in the app.
export type ArticlePreview = RouterOutputs["articles"]["list"]["articles"][number];
export type Article = RouterOutputs["articles"]["get"];
export type Profile = RouterOutputs["profiles"]["get"];
export type { RouterInputs, RouterOutputs };
